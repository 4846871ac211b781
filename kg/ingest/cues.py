"""Layout cue words of newspaper pages: datelines, end marks, photo credits, page furniture.

Every pattern runs on :func:`fold` text, in which the traditional forms of the
cue characters are mapped to their simplified forms one for one (so offsets of a
match are offsets in the original text): a page printed in traditional
characters (本報訊, 記者, 通訊員, 新華社…電) splits like its simplified version,
while the text itself is never rewritten.

>>> fold("本報訊（記者 張三）")
'本报讯（记者 張三）'
>>> bool(DATELINE.match("本报长沙7月2日电  （记者王云娜）6月30日上午,论坛举行。"))
True
>>> bool(END_MARK.match("(本报墨西哥城7月2日电)")), bool(PHOTO_CREDIT.search("王晓泾摄(影像中国)"))
(True, True)
>>> bool(FURNITURE.match("本版责编:沈  寅  白之羽")), bool(FURNITURE.match("区委书记主持会议"))
(True, False)
"""

from __future__ import annotations

import re

# Traditional -> simplified, only for the characters of cue words (dateline, byline,
# credit and furniture words below); one character for one, so offsets are kept.
_PAIRS = ("報报 訊讯 記记 員员 電电 華华 聞闻 攝摄 責责 編编 輯辑 據据 圖图 題题 約约 實实 習习 見见 導导 "
          "訪访 綜综 國国 會会 說说 發发 網网 臺台 週周 頁页 轉转 專专 欄栏 評评 論论 標标 來来 時时 間间 "
          "線线 稱称 設设 強强 調调 計计 閱阅 讀读 為为 爲为 係系 鏈链 關关 題题 簡简 訂订").split()
_FOLD = str.maketrans({p[0]: p[1] for p in _PAIRS})
_TRADITIONAL = re.compile("[" + "".join(p[0] for p in _PAIRS) + "]")


def fold(text: str) -> str:
    """Map the traditional forms of cue characters to simplified ones, keeping length."""
    return text.translate(_FOLD) if _TRADITIONAL.search(text) else text


_DATE = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日"
# An agency: 本报, 新华社, 中新社, 中新网, 央视网, 人民网… (a short name ending in 社/网/台/报).
_AGENCY = r"(?:本报|新华社|中新社|[\u4e00-\u9fff]{1,6}(?:社|网|台|报|新闻|日报|晚报))"
#: A dateline opening a body paragraph: 本报讯, 本报郑州讯, 本报记者, 本报长沙7月2日电,
#: 新华社北京7月1日电, 据新华社惠灵顿7月1日电, 本报7月2日讯, 中新网7月2日电, 大河网讯, 央视网消息.
BULLETS = "■□●○◆◇▲△★☆※•·▪▶►"
DATELINE = re.compile(
    rf"^[{BULLETS}]?[ \t]*[【\[]?(?:据)?(?:本报讯|本报[^\s,。:]{{1,10}}?讯|本报记者(?=[ \t:]|[\u4e00-\u9fff]{{2,4}}[ \t])"
    rf"|(?P<agency>{_AGENCY})[^\s,。:()（）]{{0,10}}?{_DATE}(?:[^\s,。:()（）]{{0,4}})?(?:[电讯]|消息)"
    rf"|(?P<medium>{_AGENCY})(?:讯|消息))[】\]]?[ \t:]*"
)


def dateline_medium(match: re.Match[str]) -> str | None:
    """The medium a :data:`DATELINE` match names (梨树时报 of 梨树时报讯), None for 本报.

    >>> dateline_medium(DATELINE.match("晋江新闻网8月26日讯 近日"))
    '晋江新闻网'
    >>> dateline_medium(DATELINE.match("红网凤凰县分站12月26日讯(通讯员 X)"))
    '红网凤凰县分站'
    >>> dateline_medium(DATELINE.match("本报讯 近日")) is None
    True
    """
    name = match.group("agency") or match.group("medium")
    if name and match.group("agency"):  # "中国山东网菏泽频道11月3日讯", "红网凤凰县分站…讯": the channel
        channel = re.match(r"[\u4e00-\u9fff]{0,8}?(?:频道|分站|客户端)", match.string[match.end("agency"):])
        name += channel.group(0) if channel else ""
    return name if name and not name.startswith("本报") else None
#: A paragraph that closes an article: (本报墨西哥城7月2日电), （新华社）, (完), (记者 张三),
#: (作者为某大学教授).
END_MARK = re.compile(
    rf"^[(（](?:(?:据)?{_AGENCY}[^()（）]{{0,16}}?(?:{_DATE})?[^()（）]{{0,4}}[电讯稿]?|完|全文完|记者[^()（）]{{2,20}}|(?:本文)?作者(?:为|系|是|单位)[^()（）]{{2,40}})[)）]$"
)
#: A photo credit closing a caption: "王晓泾摄(影像中国)", "记者 张三 摄", "新华社发", "资料图片".
PHOTO_CREDIT = re.compile(
    r"(?:(?:^|[\s。!?])[^\s。,]{0,10}[\u4e00-\u9fff·][\s/]*摄|新华社发|(?:资料|供)图片?|视觉中国|图片来源[^。]{0,20}"
    r"|图片由[^。]{1,20}提供)"
    r"\s*(?:[(（][^()（）]{1,12}[)）])?$"
)
#: A jump to or from another page, inside or at the end of a paragraph: "(下转第二版)".
JUMP = re.compile(r"[(（](?:上|下)?(?:接|转)(?:第?\s*[\dA-Za-z一二三四五六七八九十]+\s*版|上页|下页)[^()（）]{0,8}[)）]")
#: Page furniture that is no article's text: editor lines, continuation marks, page numbers.
FURNITURE = re.compile(
    r"^(?:(?:本版|责任|版面|图片|美术|文字)(?:责编|编辑|主编|校对|美编|统筹)(?:[ \t:][^。]{0,40})?"
    r"|(?:责编|编辑|主编|校对|美编|组版|版式设计|制图|统筹|监制|审核|审校|终审|[一二三]审|签发|值班编委|值班主任)"
    r"[ \t]*:[^。]{0,40}"
    r"|(?:责编|编辑|校对|美编)[ \t]+[\u4e00-\u9fff·]{2,4}(?:[ \t、,]+[\u4e00-\u9fff·]{1,4})*"
    rf"|{JUMP.pattern}"
    r"|第\s*[\dA-Za-z]+\s*版[ \t:]*[\u4e00-\u9fff·]{0,8}|[-—]*\s*\d{1,3}\s*[-—]*)$"
)
#: A separator line between records: "-----", "=====", "*****", "■■■".
SEPARATOR = re.compile(r"^[-=*_~#—–·•■□◆◇●○★☆※\s]{3,}$")
#: A box label inside an article, alone on its line: "核心阅读", "编者按".
BOX_LABEL = re.compile(r"^(?:核心阅读|阅读提示|编者按|编者的话|延伸阅读|相关链接|新闻链接|背景链接|链接|记者手记|记者观察)$")
#: A line labelled by a crawler: "标题:…", "副标题:…", "引题:…", "作者:…", "来源:…".
LABEL = re.compile(
    r"^(?:#{1,4}[ \t]+(?P<hash>\S.*)$|(?P<label>主标题|标题|题目|引题|肩题|眉题|副标题|副题|子标题|作者|来源|出处|发布时间|发表时间|时间|日期"
    r"|版次|版面|版名|栏目|链接|网址|原文链接)[ \t]*[:][ \t]*(?P<value>.*)$)"
)
HEADLINE_LABELS = {"主标题", "标题", "题目"}
KICKER_LABELS = {"引题", "肩题", "眉题"}
SUBTITLE_LABELS = {"副标题", "副题", "子标题"}
META_LABELS = {"来源", "出处", "发布时间", "发表时间", "时间", "日期", "版次", "版面", "版名", "栏目", "链接",
               "网址", "原文链接"}
#: A kicker ends with a dash or colon, or names who spoke ("…上强调", "…时指出").
KICKER_END = re.compile(r"(?:——|—|:|强调|指出|表示|要求|寄语|提出|宣布|致辞|致信|讲话)$")
#: A subtitle opens with a dash: "——第三届博览会盘点".
SUBTITLE_START = re.compile(r"^(?:——|—|--)")
#: A column tag closing a main headline: "(国际视点)", "(人民论坛)".
COLUMN_TAG = re.compile(r"[(（][\u4e00-\u9fff·・ ①-⑳]{2,24}[)）]$")
#: A numbered subhead inside an article: "一、", "(一)", "1.", "第一,".
NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．]|第[一二三四五六七八九十]+[,、])")
