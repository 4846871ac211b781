"""What kind of entity a name is, from how it ends (GUIDELINES § Fields).

Industrial and agricultural parks, bases and towns under construction are projects; 开发区,
高新区 and other administrative zones are places; bodies, companies and schools are
organizations.

>>> kind_by_suffix("豆罗工业园区"), kind_by_suffix("市经济技术开发区"), kind_by_suffix("佰特橡胶公司")
('project', 'place', 'organization')
>>> kind_by_suffix("明清家具大世界") is None
True
"""

from __future__ import annotations

import re

_PROJECT = re.compile(r"(?:项目|工程|基地|工业园区?|产业园区?|科技园|农业园区?|示范园区?|示范区|小镇|综合体|产业城|"
                      r"体验园|物流园|园区|创业园|项目点|建设点|安置点|安置区|新校区|停车场|核心区|综合楼|实训楼|"
                      # a phase of a development: "星河一品(二期)", "滨江花园三期"
                      r"[(（]?[一二三四五六七八九十\d]{1,2}期[)）]?)$")
_PLACE = re.compile(r"(?:开发区|高新区|经济区|新区|保税区|集聚区|试验区|自贸区|省|市场|市|县|区|旗|镇|乡|街道|村|社区|嘎查|苏木|"
                    r"路|街|大道|巷|胡同|广场|公园|景区|纪念馆|博物馆|展览馆|规划馆|展示馆|文化馆|美术馆|图书馆|体育馆|"
                    r"河|江|湖|山|岛|湾|港|水库|湿地|花海|古镇|古城|庄园|农庄)$")
_ORGANIZATION = re.compile(r"(?:公司|集团|银行|医院|卫生院|学校|小学|中学|大学|学院|幼儿园|研究院|研究所|合作社|协会|"
                           r"酒店|宾馆|超市|牧场|车间|"
                           r"商会|学会|委员会|局|委|办|厅|部|院|所|站|中心|队|厂|社|会|馆)$")
#: What a company without 公司 is called after: its trade ("天华建材", "广源铜带", "长电科技").
INDUSTRY = re.compile(r"(?:建材|食品|机械|铜箔|铜带|油嘴|科技|电子|减振器|玻璃|服饰|服装|纺织|家具|医疗|制药|药业|化工|能源|"
                      r"新材料|电器|汽车|木业|实业|股份|物流|电力|钢铁|水泥|陶瓷|酒业|茶业|乳业|农业|牧业|渔业|种业|"
                      r"光电|新能源|智能|装备|材料|制造|包装|印务|置业|传媒)$")


#: A collective noun that names no particular body: 党支部, 村两委, 社区党群服务中心, 党委政府, 观摩团,
#: 驻村工作队, 县四大班子 — a level word (县, 村, 社区) or 当地/上级 at most before a generic unit.
_GENERIC_ORG = re.compile(
    r"^(?:[省市县区乡镇村]|社区|嘎查|当地|上级|各级|驻村|本级|综合性|村集体)*"
    r"(?:党群服务中心|党群服务站|两委|党委政府|[市县区]委[市县区]政府|党支部|党总支部?|党小组|党政代表团|代表团|观摩团|访问团|"
    r"考察团|志愿者?服务队|工作队|微信公众号|公众号|项目指挥部|指挥部|养老服务站|四大班子|四套班子|乡人大|村委会|居委会?|"
    r"经济联合社|集体经济组织|党委|政府)$")


#: A kind of body named without its own name: 物业公司, 专业合作社, 乡镇卫生院, 7所学校, 连队两委.
_KIND_OF_BODY = re.compile(
    r"^(?:新建|乡镇|城区|部分|当地|周边|连队|村|[\d一二三四五六七八九十]+所)*"
    r"(?:物业公司|游戏公司|配餐公司|专业合作社|供销合作社|合作社|职业学校|中小学校?|学校|卫生院|专门委员会|科创中心|"
    r"综治中心|支两委|支委)$")


def generic_organization(name: str) -> bool:
    """Whether ``name`` is a collective noun for bodies rather than one body's name.

    >>> generic_organization("社区党群服务中心"), generic_organization("村两委"), generic_organization("当地党委")
    (True, True, True)
    >>> generic_organization("县政府"), generic_organization("区委"), generic_organization("五星村党支部")
    (False, False, False)
    >>> generic_organization("区两级人大"), generic_organization("省委市委")
    (True, True)
    >>> generic_organization("物业公司"), generic_organization("乡镇卫生院"), generic_organization("区委各部委")
    (True, True, True)
    >>> generic_organization("一办七部"), generic_organization("街道办事处"), generic_organization("牡丹江工信部门")
    (True, True, True)
    >>> generic_organization("前进物业公司"), generic_organization("城关镇卫生院")
    (False, False)
    """
    if re.fullmatch(r"[省市县区乡镇][委]?(?:人民)?政府|[省市县区乡镇]?[党]?委", name):
        return False  # 县政府, 区委, 乡党委: the body of the article's own division
    if re.search(r"两级|三级|两地|多级|部门$|^党和政府$|^(?:[省市县区]委){2,}$|^(?:中国|当地|地方)政府$|各|"
                 r"^[一二三四五六七八九十\d]+[办部局委室组](?:[一二三四五六七八九十\d]+[办部局委室组])*$|^街道办(?:事处)?$", name):
        return True  # "区两级人大", "京藏两地党委", "省委市委", "区委各部委": bodies of several places at once
    return bool(_GENERIC_ORG.match(name) or _KIND_OF_BODY.match(name))


#: A project named by its batch or its kind, not by its own name: "2023年12月招商引资项目",
#: "第一批…项目", "文旅融合有关项目", "招商引资上项目".
_GENERIC_PROJECT = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?[县区市旗])?(?:\d{4}年|\d{1,2}月|第[一二三四五六七八九十\d]+批|"
                              r"第?[一二三四1-4]季度|[上下]半年)|几处|"
                              r"^[\d一二三四五六七八九十两几]+[家个项处座件]|^(?:在建|新建|续建|拟建)项目$|"
                              r"(?:有关|相关|其他|其它|上|一批|多个|若干)(?:重点|重大)?项目$")


def generic_project(name: str) -> bool:
    """Whether ``name`` describes a batch or kind of projects rather than naming one.

    >>> generic_project("2016年第一批易地扶贫搬迁项目"), generic_project("猴屿乡文旅融合有关项目")
    (True, True)
    >>> generic_project("丰县2019年项目建设突破年第一季度重大项目"), generic_project("几处断头路建设项目")
    (True, True)
    >>> generic_project("星河一品(二期)"), generic_project("兰溪桥水库扩建工程")
    (False, False)
    """
    return bool(_GENERIC_PROJECT.search(name))


#: A word for a kind of place, or a place word cut out of a common phrase: 乡村振兴 → "八都乡村",
#: 村容村貌 → "村容村", 农民工返乡, 典型村, 难点社区, 美丽圩镇, 经济大区.
_GENERIC_PLACE = re.compile(
    r"(?:乡村|农村|城乡|返乡|回乡|家乡|故乡|下乡|之乡|^圩镇|名县|大区|乡镇|村容村|驻镇|帮镇|扶村|帮村|村村|镇村|"
    r"进村|入村|回村|到村|^[省市县区]?城镇|守护区|服务区|展区|库区|集宿区|生活区|隔离区|管控区|盲区|死角)$"
    r"|^(?:[\u4e00-\u9fff]{0,6}(?:示范|典型|周边|精品|重点|试点|先进|后进|薄弱|难点|贫困|脱贫|美丽|现代|文明|和谐|"
    r"幸福|特色|传统|周围|相关|所在|临近|附近|经济强|工业强|农业强|旅游强|强)|行政|自然|城|创新|(?:拓展|延伸|探索|改善|改造)[\u4e00-\u9fff]{0,2}|见证|探知|说起|当前|属地|当发现)"
    r"(?:村|社区|镇|乡|区|县|圩镇)$")


def generic_place(name: str) -> bool:
    """Whether ``name`` is a kind of place (示范村, 难点社区) or a place word cut out of a phrase
    (八都乡村振兴 → "八都乡村", 村容村貌 → "村容村") rather than a place's name.

    >>> generic_place("八都乡村"), generic_place("精品示范村"), generic_place("创新社区"), generic_place("城区")
    (True, True, True, True)
    >>> generic_place("北经济强镇"), generic_place("工业强县")
    (True, True)
    >>> generic_place("五星村"), generic_place("新城区"), generic_place("湖西畲族乡"), generic_place("白圩镇")
    (False, False, False, False)
    """
    return bool(_GENERIC_PLACE.search(name))


def project_body(name: str) -> str:
    """A project's name without the kind of works ending it.

    >>> project_body("爱国主义教育基地"), project_body("兰溪桥水库扩建工程")
    ('爱国主义教育', '兰溪桥水库扩建')
    """
    return _PROJECT.sub("", name)


def kind_by_suffix(name: str) -> str | None:
    """``"project"``, ``"place"`` or ``"organization"`` when the ending says so, else None."""
    if _PROJECT.search(name):
        return "project"
    if name.endswith(("校区", "分校", "分院")):
        return "organization"  # a school's or hospital's branch: 苏州外国语学校北校区
    if _PLACE.search(name):
        return "place"
    if _ORGANIZATION.search(name) or INDUSTRY.search(name):
        return "organization"
    return None


_TOWN_VILLAGE = re.compile(r"^(?P<town>[\u4e00-\u9fff]{2,6}?(?:镇|乡|街道|苏木|村))"
                           r"(?P<village>[\u4e00-\u9fff]{1,8}(?:村|社区|嘎查|屯|庄|堡|寨))$")
_COUNTY_TOWN = re.compile(r"^(?P<county>[\u4e00-\u9fff]{2,8}?(?:县|区|旗))"
                          r"(?P<town>[\u4e00-\u9fff]{2,6}(?:镇|乡|街道|苏木)(?:[\u4e00-\u9fff]{1,8}(?:村|社区|嘎查|屯))?)$")


_KIND_TAIL = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,16}(?:(?<!乡)村|社区|镇|乡(?!村)|屯|嘎查))"
                        r"[\u4e00-\u9fff]{0,10}?(?:示范村|示范点|示范社区|样板村|精品村)$")


_KIND_HEAD = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:示范点|示范村|示范基地)(?P<name>[\u4e00-\u9fff]{2,8}(?:村|社区|屯))$")


def without_kind(name: str) -> str:
    """A place's name without the kind of place printed before or after it.

    >>> without_kind("汭丰镇龙王村乡村振兴示范村"), without_kind("乡村振兴示范点龙岭村"), without_kind("五星村")
    ('汭丰镇龙王村', '龙岭村', '五星村')
    >>> without_kind("精品示范村")
    '精品示范村'
    """
    m = _KIND_TAIL.match(name) or _KIND_HEAD.match(name)
    return m.group("name") if m else name


def split_places(name: str) -> list[str]:
    """A town and the village (or a county and the town) printed together are two places.

    >>> split_places("公岭镇三铺村"), split_places("城关镇"), split_places("东湖县明亮镇明社区")
    (['公岭镇', '三铺村'], ['城关镇'], ['东湖县', '明亮镇', '明社区'])
    >>> split_places("本立村古朗屯"), split_places("板榄镇木吉村横桐屯")
    (['本立村', '古朗屯'], ['板榄镇', '木吉村', '横桐屯'])
    """
    m = _COUNTY_TOWN.match(name)
    if m:
        return [m.group("county"), *split_places(m.group("town"))]
    m = _TOWN_VILLAGE.match(name)
    if not m or len(m.group("village")) < 2:
        return [name]
    return [m.group("town"), *split_places(m.group("village"))]  # "木吉村横桐屯": a village and its hamlet
