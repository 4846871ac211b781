"""A synthetic corpus for scale benchmarks whose entity counts grow with the corpus.

For measuring speed and growth only — never for accuracy. Real news keeps naming new
people, projects, places and companies as a corpus grows, with a long tail (a county's
leaders in hundreds of articles, most names in one or two); a corpus that reuses a fixed
set of names hides every cost that grows with the number of entities. Here every
entity is drawn from a Pitman–Yor process (a Chinese restaurant with discount ``d``):
after ``n`` draws there are about ``n**d`` distinct entities, with Zipf-like counts.

* Districts: China's real county-level divisions (``kg.gazetteer``, so that kg can
  place articles and scope organizations), drawn by a Pitman–Yor process over all 2,849.
* People, projects, places and companies: generated per district from general lexicons
  only — surnames (``kg/extract/lexicons/surnames.txt``) + given-name characters,
  place-name syllables + 街道/镇/乡/社区, project stems + 项目/工程/产业园, company stems +
  有限公司/集团. No name of any gold or sample article is used.
* Each district's party secretary and head are its hubs (one each); its deputies,
  bureau heads, reporters, projects, places and companies are drawn from its own
  restaurants, so new districts and new names keep appearing.

Articles are visits, meetings and project reports of ~400–900 characters written from
templates and generic policy sentences. Deterministic: the same ``--seed`` and N give
byte-identical files.

Usage: python pipelines/synth_corpus.py N OUT_DIR [--per-file 50] [--seed 1]
Writes OUT_DIR/part-XXXX.jsonl crawler files with N articles in all.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GIVEN = ("伟 芳 娜 敏 静 丽 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 建 国 文 辉 力 成 志 红 玉 兰 峰 斌 "
         "波 宇 浩 凯 鹏 飞 鑫 晨 阳 林 海 东 旭 亮 宁 琳 晓 雪 梅 丹 莉 萍 春 云 慧 俊 新 民 德 永 福 生 荣 庆 "
         "祥 安 宏 贵 鸿 凤 佳 颖 婷 雯 琴 欣 倩 振 金 松 山 晖 琪 瑞 彬 蕾 健 博 卫 忠 毅 钢 锋 铭 嘉 彦 楠").split()
SYLLABLES = ("东 西 南 北 新 安 和 平 兴 华 宁 丰 泰 康 清 河 湖 桥 城 林 园 阳 石 龙 凤 金 银 梅 竹 松 柏 云 溪 "
             "沙 湾 坪 岭 塘 田 家 庄 店 埠 口 源 泉 峰 港 滨 江 洲 台 堡 营 集 岗 屯 坝 铺 桃 杨 柳 荷 花 明 光 "
             "永 长 兆 福 盛 顺 昌 吉 庆 嘉 禾 春 秋 马 牛 鹤 雁 翠 碧 青 白 红 黄").split()
PLACE_ENDS = ("街道", "镇", "乡", "社区", "村")
INDUSTRIES = ("智能制造", "新能源汽车零部件", "冷链物流", "生物医药", "电子信息", "新材料", "绿色食品加工",
              "高端装备", "光伏发电", "现代农业", "文化旅游", "数字经济", "纺织服装", "精细化工", "仓储物流")
WORKS = ("道路提升改造", "污水处理厂", "棚户区改造", "安置房", "水库除险加固", "高标准农田", "综合管廊",
         "城市公园", "供水管网", "河道综合治理", "老旧小区改造", "学校扩建", "医院综合楼", "体育中心", "停车场")
PROJECT_ENDS = ("项目", "项目", "项目", "工程", "产业园")
TRADES = ("科技", "建材", "食品", "物流", "电子", "新材料", "机械", "生物", "能源", "农业", "纺织", "置业")
COMPANY_ENDS = ("有限公司", "有限公司", "股份有限公司", "集团")
BUREAUS = ("发改局", "商务局", "教育局", "财政局", "自然资源局", "住建局", "交通运输局", "农业农村局", "水利局",
           "文旅局", "卫健委", "应急管理局", "市场监管局", "生态环境局", "工信局", "民政局", "人社局", "城管局")
TOPICS = ("乡村振兴", "安全生产", "招商引资", "生态环境保护", "重点项目建设", "城市更新", "营商环境优化",
          "防汛备汛", "疫情防控", "民生实事", "产业发展", "文明城市创建", "河长制", "森林防火", "科技创新")
FILLERS = (
    "要坚持问题导向,压实工作责任,确保各项任务落到实处",
    "要进一步优化服务,主动靠前帮助企业解决发展中遇到的困难和问题",
    "要倒排工期、挂图作战,全力以赴加快项目建设进度",
    "要牢固树立安全发展理念,坚决守住安全生产底线",
    "各级各部门要提高政治站位,切实增强做好工作的责任感和紧迫感",
    "要强化要素保障,积极争取上级政策和资金支持",
    "要坚持高标准规划、高质量建设,努力打造精品工程",
    "要聚焦群众急难愁盼问题,持续提升人民群众的获得感和幸福感",
    "要加强统筹协调,形成工作合力,推动各项工作取得实效",
    "要严格落实属地管理责任,做到早发现、早报告、早处置",
    "要持续深化改革创新,不断激发高质量发展的动力和活力",
    "要压紧压实各方责任,确保工作不留死角、不留盲区",
)
LEADS = ("近日", "日前", "连日来")
PROCESS = ("开工建设", "进场施工", "完成主体结构", "进入设备安装阶段", "竣工投用")


class PitmanYor:
    """Draws from a Pitman–Yor process over items made by ``make()`` (a Chinese restaurant).

    A new item comes with probability ``(strength + discount*K) / (strength + n)`` after
    ``n`` draws of ``K`` items; otherwise an old item with probability proportional to
    ``count - discount`` (sampled exactly by rejection from a uniform pick of a past draw).
    """

    def __init__(self, rng: random.Random, make: Callable[[], Any], discount: float, strength: float) -> None:
        self.rng, self.make, self.discount, self.strength = rng, make, discount, strength
        self.items: list[Any] = []
        self.counts: list[int] = []
        self.draws: list[int] = []  # the index drawn each time

    def draw(self, new: bool = False) -> Any:
        """One draw (``new``: a new item whatever the odds)."""
        k, n = len(self.items), len(self.draws)
        if new or k == 0 or self.rng.random() * (self.strength + n) < self.strength + self.discount * k:
            self.items.append(self.make())
            self.counts.append(0)
            i = k
        else:
            while True:
                i = self.draws[self.rng.randrange(n)]
                if self.rng.random() * self.counts[i] < self.counts[i] - self.discount:
                    break
        self.counts[i] += 1
        self.draws.append(i)
        return self.items[i]

    def distinct(self, k: int) -> list[Any]:
        """``k`` different items: draws without repeats (new items when the process keeps repeating)."""
        out: list[Any] = []
        for attempt in range(k * 4):
            item = self.draw(new=attempt >= k * 3)
            if item not in out:
                out.append(item)
            if len(out) == k:
                break
        return out


class Names:
    """Unique generated names of one kind (no name is ever made twice in a corpus)."""

    def __init__(self, rng: random.Random, build: Callable[[random.Random], str]) -> None:
        self.rng, self.build = rng, build
        self.used: set[str] = set()

    def __call__(self) -> str:
        for _ in range(1000):
            name = self.build(self.rng)
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("name space exhausted")


def surnames() -> list[str]:
    """Family names of the general lexicon kg ships (one- and two-character)."""
    text = (ROOT / "kg" / "extract" / "lexicons" / "surnames.txt").read_text("utf-8")
    return [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]


@dataclass
class District:
    """One county of the corpus with its own restaurants of entities."""

    name: str
    secretary: str
    head: str
    officials: PitmanYor
    reporters: PitmanYor
    projects: PitmanYor
    places: PitmanYor
    companies: PitmanYor
    bureaus: PitmanYor
    bureau_heads: dict[str, str] = field(default_factory=dict)


class Corpus:
    """The generator: districts, their entities, and article templates."""

    def __init__(self, seed: int) -> None:
        from kg import gazetteer

        self.rng = rng = random.Random(seed)
        family = surnames()
        weights = [1.0 / (i + 1) ** 0.8 for i in range(len(family))]  # common surnames first in the lexicon

        def person(r: random.Random) -> str:
            return r.choices(family, weights)[0] + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2, 2))))

        def syllables(r: random.Random, k: int = 2) -> str:
            return "".join(r.choice(SYLLABLES) for _ in range(k))

        self.person = Names(rng, person)
        self.place = Names(rng, lambda r: syllables(r) + r.choice(PLACE_ENDS))
        self.project = Names(rng, lambda r: syllables(r) + r.choice(INDUSTRIES + WORKS) + r.choice(PROJECT_ENDS))
        self.company = Names(rng, lambda r: syllables(r) + r.choice(TRADES) + r.choice(COMPANY_ENDS))
        counties = sorted(set(gazetteer.county_names()))
        rng.shuffle(counties)
        pool = iter(counties)
        self.districts = PitmanYor(rng, lambda: self._district(next(pool)), discount=0.6, strength=2.0)

    def _district(self, name: str) -> District:
        rng = self.rng
        return District(
            name, self.person(), self.person(),
            officials=PitmanYor(rng, self.person, 0.5, 3.0), reporters=PitmanYor(rng, self.person, 0.4, 1.0),
            projects=PitmanYor(rng, self.project, 0.75, 2.0), places=PitmanYor(rng, self.place, 0.6, 2.0),
            companies=PitmanYor(rng, self.company, 0.7, 2.0),
            bureaus=PitmanYor(rng, lambda: rng.choice(BUREAUS), 0.3, 2.0))

    def bureau_head(self, d: District, bureau: str) -> str:
        """The head of a bureau of a district (one per bureau)."""
        if bureau not in d.bureau_heads:
            d.bureau_heads[bureau] = d.officials.draw()
        return d.bureau_heads[bureau]

    def article(self, i: int) -> dict[str, Any]:
        """The i-th crawler record."""
        rng = self.rng
        d: District = self.districts.draw()
        lvl = d.name[-1]
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        when = f"{rng.choice((2023, 2024))}-{month:02d}-{day:02d}"
        kind = rng.choices(("visit", "meeting", "project"), (5, 3, 2))[0]
        topic = rng.choice(TOPICS)
        fill = rng.sample(FILLERS, k=rng.randint(4, 9))
        deputies = d.officials.distinct(3)
        if kind == "visit":
            leader = rng.choice((d.secretary, d.head))
            post = f"{lvl}委书记" if leader == d.secretary else f"{lvl}长"
            projects = d.projects.distinct(rng.randint(1, 3))
            places = d.places.distinct(2)
            company = d.companies.draw()
            title = f"{leader}到{projects[0]}调研{topic}工作"
            body = [
                f"{month}月{day}日,{d.name}{post}{leader}带队到{places[0]}{'、'.join(projects)}调研{topic}工作。",
                f"{lvl}委常委、{lvl}委办主任{deputies[0]},副{lvl}长{deputies[1]}陪同调研。",
                f"在{projects[0]}建设现场,{leader}详细了解项目进展情况,听取了{company}负责人的汇报。",
                f"{leader}强调,{fill[0]}。",
                f"随后,{leader}一行来到{places[1]},察看{projects[-1]}推进情况。",
                f"{leader}指出,{fill[1]};{fill[2]}。",
            ]
        elif kind == "meeting":
            bureaus = d.bureaus.distinct(2)
            heads = [self.bureau_head(d, b) for b in bureaus]
            meeting = f"全{lvl}{topic}工作推进会"
            title = f"{d.name}召开{topic}工作推进会"
            body = [
                f"{month}月{day}日,{d.name}召开{meeting}。",
                f"{lvl}长{d.head}主持会议并讲话,{lvl}委常委{deputies[0]}、副{lvl}长{deputies[1]}出席会议。",
                f"{lvl}{'、'.join(bureaus)}主要负责人参加会议。",
                f"会上,{lvl}{bureaus[0]}局长{heads[0]}汇报了全{lvl}{topic}工作开展情况。",
                f"{d.head}要求,{fill[0]}。",
                f"{d.head}强调,{fill[1]};{fill[2]}。",
            ]
        else:
            project, company, place = d.projects.draw(), d.companies.draw(), d.places.draw()
            title = f"{project}{rng.choice(PROCESS)}"
            body = [
                f"{rng.choice(LEADS)},由{company}投资建设的{project}在{place}{rng.choice(PROCESS)}。",
                f"该项目总投资{rng.randint(2, 60)}亿元,建成后预计年产值{rng.randint(5, 120)}亿元,"
                f"可带动就业{rng.randint(2, 30) * 100}人。",
                f"副{lvl}长{deputies[0]}表示,{fill[0]}。",
                f"{company}负责人介绍,{fill[1]}。",
            ]
        body += [f"{s}。" for s in fill[3:]]
        reporters = d.reporters.distinct(2)
        body.append(f"(记者 {reporters[0]} 通讯员 {reporters[-1]})")
        return {"id": f"synth-{i:06d}", "title": title, "text": "\n".join(body), "date": when,
                "district": d.name, "source": f"{d.name}融媒体中心"}


def generate(n: int, out: Path, per_file: int = 50, seed: int = 1) -> list[Path]:
    """Write ``n`` articles to ``out/part-XXXX.jsonl`` (``per_file`` per file); the paths written."""
    corpus = Corpus(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for part in range(0, n, per_file):
        path = out / f"part-{part // per_file:04d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(part, min(n, part + per_file)):
                fh.write(json.dumps(corpus.article(i), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--per-file", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    paths = generate(a.n, a.out, a.per_file, a.seed)
    print(f"wrote {a.n} articles in {len(paths)} files under {a.out}")


if __name__ == "__main__":
    main()
