"""Component ``chrome``: page furniture of web articles, and the article's source credit.

Web pages carry menus, breadcrumbs, "相关新闻", share buttons and footers around the
article (GUIDELINES convention 5 and 9): nothing named there is an entity of the article,
except the site or paper that is the article's own source credit ("来源:X", "X讯").
This component marks those sentences (:attr:`Doc.chrome`) so that the entities found in
them are not listed, and adds the source credit as an organization.

>>> from kg.extract.doc import Doc, split_sentences
>>> from kg.models import Article
>>> doc = Doc.from_article(Article(id="a", headline=None,
...     text="首页 > 政务要闻\\n来源:城关新闻网 作者:王明\\n梨树时报讯 近日,县长李平到城关镇调研。"))
>>> doc.sentences = split_sentences(doc.text)
>>> doc = Chrome()(doc)
>>> sorted(doc.chrome), [m.text for m in doc.mentions]
([0, 1], ['城关新闻网', '梨树时报'])
"""

from __future__ import annotations

import re

from kg.extract.doc import Doc
from kg.extract.pipeline import Context, register

#: A line of page furniture: navigation, sharing, related links, footers, metadata.
_FURNITURE = re.compile(
    r"首页|>|»|当前位置|所在位置|您的位置|上一篇|下一篇|相关新闻|相关链接|相关阅读|相关文章|网友回应|扫描|扫码|关注我们|"
    r"返回顶部|打印|关闭窗口|分享到|责任编辑|版权|Copyright|©|ICP|主办单位|承办单位|协办单位|指导单位|建设单位|技术支持|联系电话|联系我们|网站地图|"
    r"邮编|验证码|点击[数率量]?|浏览[次量]|阅读[次量数]|字号|发布时间|来源[:：]|转自[:：]|转载自[:：]|作者[:：]|时间[:：]|日期[:：]|【|公众号"
)
#: Where a source credit names the site or paper: "来源:X", "X讯" (X ending like a medium).
_MEDIUM = (r"[\u4e00-\u9fff·]{2,30}?(?:新闻网|网站|网|日报|晚报|时报|报|电视台|广播电视台|台|客户端|融媒体中心|新闻中心|"
           r"公众号|频道|分站|在线|融媒|新媒|发布)")
#: "来源:人民网-江西频道", "来源: 吉安新闻网—井冈山报" (two credits), "来源:四川在线编辑:X", "本文转自:广西日报".
_SOURCE = re.compile(rf"(?:来源|稿源|来源于|转自|转载自)\s*[:：丨]\s*(?P<name>{_MEDIUM}(?:-{_MEDIUM})?(?:[—、]{_MEDIUM})*)"
                     rf"(?=[\s|,，】)(（]|编辑|作者|责编|记者|发布|时间|$)", re.MULTILINE)
#: "梨树时报讯", "(大视野新闻网讯 X)", "晋江新闻网8月26日讯", "海口网4月25日消息".
_NEWS_CREDIT = re.compile(rf"(?:^|(?<=[\s|】(（]))(?P<name>{_MEDIUM})(?:\d{{1,2}}月\d{{1,2}}日)?(?:讯|消息)"
                          rf"(?=[\s(（【]|\d|$)", re.MULTILINE)
#: "周口日报·新周口客户端记者 X", "豫体网记者 X", "《苏州教育网》,记者:X": the media a reporter writes for.
_REPORTER_MEDIA = re.compile(rf"(?:^|(?<=[\s|(（【,，。]))据?《?(?P<names>{_MEDIUM}(?:·{_MEDIUM})*)》?[,，丨|]?"
                             rf"(?:全媒体|融媒体|首席|特约)?记者", re.MULTILINE)


#: A date or a clock time printed on a line of its own metadata ("政务   2024-10-18 10:02   江西").
_STAMP = re.compile(r"(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2})(?!\d)")


def _menu_or_meta(line: str) -> bool:
    """Whether a whole line is a site menu (many short words side by side: "头条 福州 原创 专题 图解") or a
    metadata line (a date stamp among short words: "政务 2024-10-18 10:02 江西"): no sentence of prose.

    >>> _menu_or_meta("飞卡阅读 头条 福州 原创 专题 图解 H5"), _menu_or_meta("政务   2024-10-18 10:02   江西")
    (True, True)
    >>> _menu_or_meta("抢抓时节 锁定目标 全力开启大建设"), _menu_or_meta("10月16日,区长主持召开调度会")
    (False, False)
    """
    if re.search(r"[,，。;；!?！？、]", line):
        return False
    words = line.split()
    short = sum(len(w) <= 4 for w in words)
    if len(words) >= 4 and short >= 0.75 * len(words):
        return True
    return bool(_STAMP.search(line)) and len(words) >= 2 and all(len(w) <= 10 for w in words)


class Chrome:
    """Marks page-furniture sentences and adds the source credit organization."""

    name = "chrome"

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        for s in doc.sentences:
            line = s.text
            whole_line = (s.start == 0 or text[s.start - 1] == "\n") and (s.end == len(text) or text[s.end] == "\n"
                                                                          or text[s.end - 1] == "\n")
            if s.index == 0 and doc.article.headline:
                continue
            furniture = _FURNITURE.search(line) and (whole_line or len(line) <= 40)
            label = whole_line and len(line) <= 8 and not re.search(r"[,，。;；!?！？]", line)  # "热点新闻"
            meta = whole_line and _menu_or_meta(line)
            if furniture or label or meta:
                doc.chrome.add(s.index)
            if meta and _STAMP.search(line):  # "梧州日报 2018-05-03 17:33": the paper's credit
                for w in re.finditer(r"\S+", line):
                    if re.fullmatch(_MEDIUM, w.group()):
                        doc.add("organization", s.start + w.start(), s.start + w.end(), self.name)
        if doc.credits_start is not None:  # the credit lines after the body (Doc.from_article)
            for s in doc.sentences:
                if s.start >= doc.credits_start:
                    doc.chrome.add(s.index)
            pos = doc.credits_start
            for medium in doc.article.byline.media:
                doc.add("organization", pos + 1, pos + 1 + len(medium), self.name)
                pos += len(medium) + 1
        for m in _SOURCE.finditer(text):
            start = m.start("name")
            for name in re.split(r"[—、]", m.group("name")):
                doc.add("organization", start, start + len(name), self.name)
                start += len(name) + 1
        for m in _NEWS_CREDIT.finditer(text):
            doc.add("organization", m.start("name"), m.end("name"), self.name)
        for m in _REPORTER_MEDIA.finditer(text):
            pos = m.start("names")
            for name in m.group("names").split("·"):
                doc.add("organization", pos, pos + len(name), self.name)
                pos += len(name) + 1
        return doc


@register("chrome")
def make_chrome(context: Context) -> Chrome:
    return Chrome()
