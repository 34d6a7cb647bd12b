"""Near-duplicate search at scale.

Builds a synthetic call of N cases (four sections, about 3,000 Chinese
characters each) from a vocabulary of health-governance phrases and common
words, plants copies at known similarity, runs the engine and prints the time
of each stage, the peak memory, and the recall of the planted pairs; then
compares the engine's output on a 2,000-case subset with an exact all-pairs
comparison (recall and precision). Generating the corpus is not timed.

    python bench/dedupe.py [--n 10000 100000] [--workers 2] [--subset 2000] [--seed 7]

Each N runs in a fresh process, so that its peak memory is its own.
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casebook.integrity.similarity import (
    MIN_SECTION_SHINGLES,
    SHINGLE,
    Document,
    normalise,
    scan,
)

SECTIONS = ("background", "measures", "outcomes", "outlook")
SECTION_CHARS = 750  # four sections: about 3,000 characters a case
THRESHOLD = 0.5

# --- Vocabulary -------------------------------------------------------------------------------

ACTORS = (
    "区卫生健康委", "区疾病预防控制中心", "社区卫生服务中心", "街道办事处", "居民委员会", "区医疗保障局",
    "区教育局", "区市场监督管理局", "区民政局", "区体育局", "区爱国卫生运动委员会办公室", "区健康促进中心",
    "区域医疗中心", "三级医院", "医联体牵头医院", "家庭医生团队", "志愿者服务队", "社会组织",
    "辖区企业", "高校附属医院", "专家指导组", "区委区政府", "镇人民政府", "村民委员会", "物业服务企业",
    "区精神卫生中心", "妇幼保健院", "中医医院", "急救中心", "卫生监督所", "区总工会", "团区委",
    "区妇联", "区残联", "区融媒体中心", "第三方评估机构", "行业协会", "基层党组织",
)
VERBS = (
    "建立", "完善", "推进", "探索", "构建", "实施", "开展", "强化", "打造", "优化", "统筹", "整合",
    "落实", "健全", "深化", "拓展", "创新", "搭建", "制定", "出台", "引入", "培育", "推广", "加强",
    "提升", "规范", "夯实", "畅通", "延伸", "融合", "试行", "升级", "固化", "细化", "配套", "联动",
)
DOMAINS = (
    "慢性病综合防控", "家庭医生签约服务", "医防融合", "健康促进", "控烟", "爱国卫生运动", "健康教育",
    "公共卫生应急", "紧密型医共体", "互联网医院", "长期护理保险", "医保支付方式改革", "老年健康服务",
    "心理健康服务", "社区健康管理", "健康影响评估", "病媒生物防制", "食品安全", "职业健康", "妇幼健康",
    "儿童青少年近视防控", "全民健身", "健康城市建设", "健康村镇建设", "中医药服务", "分级诊疗", "医养结合",
    "安宁疗护", "传染病监测预警", "疫苗接种", "健康科普", "精神卫生", "口腔健康", "营养健康", "健康食堂",
    "无烟单位创建", "减盐减油减糖", "高血压糖尿病管理", "癌症早诊早治", "卒中救治", "胸痛中心建设",
    "院前急救", "数字健康", "智慧医疗", "医疗废物管理", "饮用水安全", "环境卫生整治", "生活垃圾分类",
    "健康步道建设", "体医融合", "母婴安全", "出生缺陷防治", "康复服务", "护理服务", "药品供应保障",
)
NOUNS = (
    "工作机制", "服务体系", "管理模式", "协作平台", "考核评价体系", "信息系统", "数据共享平台", "服务网络",
    "人才队伍", "标准规范", "工作方案", "激励机制", "联动机制", "服务清单", "指标体系", "监测网络",
    "培训体系", "宣传矩阵", "责任清单", "操作手册", "服务包", "专项行动", "示范项目", "试点工作",
    "闭环管理", "转诊通道", "质控体系", "预警模型", "服务站点", "评估量表", "随访制度", "联席会议制度",
)
GROUPS = (
    "老年人", "慢病患者", "孕产妇", "儿童青少年", "职业人群", "失能老人", "残疾人", "流动人口", "独居老人",
    "高危人群", "重点人群", "社区居民", "中小学生", "企业职工", "农村居民", "新就业形态劳动者", "签约居民",
    "脑卒中患者", "精神障碍患者", "肿瘤患者", "困难家庭", "婴幼儿家长", "学校教师", "基层医务人员",
)
MANNERS = (
    "全方位", "全周期", "多层次", "精细化", "规范化", "智能化", "标准化", "一体化", "常态化", "系统化",
    "数字化", "网格化", "个性化", "便捷高效的", "可持续的", "多部门协同的", "全链条", "广覆盖的",
)
PLACES = (
    "浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区",
    "嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区", "苏州市", "无锡市", "常州市", "南通市",
    "杭州市", "宁波市", "嘉兴市", "湖州市", "绍兴市", "合肥市", "芜湖市", "马鞍山市", "安庆市", "南京市",
    "扬州市", "镇江市", "泰州市", "温州市", "金华市", "台州市", "滁州市", "宣城市", "铜陵市", "黄山市",
)

# Clause patterns per section. {P}: the place, {X}: the programme's name; both
# are filled per case, so they recur within a case and differ between cases.
PATTERNS = {
    "background": (
        "{P}常住人口约{n}万人", "其中{g}占比达到{p}%", "{d}需求日益增长", "长期以来{d}存在{w}{w}等突出问题",
        "{g}的{w}需求难以得到有效满足", "{y}年{P}被确定为{d}试点地区", "为贯彻落实{w}{w}有关要求",
        "调查显示{g}{d}知晓率仅为{p}%", "低于全市平均水平{q}个百分点", "各部门之间{w}分散、{w}不畅",
        "基层{w}能力与{g}的期待仍有差距", "{a}在{w}方面投入不足", "传统{d}模式难以适应{w}{w}的新形势",
        "{g}对{w}和{w}的需求更加多元", "{d}领域的{w}短板亟待补齐", "群众反映集中在{w}、{w}和{w}等方面",
        "{a}多次开展{w}调研", "摸清了{g}的{w}底数", "{P}人口老龄化程度达到{p}%", "{w}资源配置不均衡",
    ),
    "measures": (
        "一是{v}{m}{d}{o}", "由{a}牵头、{a}协同推进", "依托{a}{v}{d}{o}", "为{g}提供{w}{w}服务",
        "{v}“{w}+{w}”{o}", "实现{w}与{w}的有机衔接", "二是{v}{X}{o}", "将{d}纳入{a}年度考核",
        "三是{v}{m}{o}", "组建由{n}名{w}组成的{w}团队", "按照“{w}、{w}、{w}”的思路", "{a}与{a}签订合作协议",
        "明确{w}{w}的职责分工", "开发{X}{w}小程序", "每月召开{w}例会", "对{g}实行{w}分级管理",
        "投入专项资金{n}万元", "配备{w}设备{n}台", "在{P}{n}个街镇设立{w}服务点", "{v}{d}{w}培训{n}场",
        "引入{w}{w}评估", "建立{w}台账和{w}档案", "探索“{w}{w}”{d}新路径",
    ),
    "outcomes": (
        "{X}实施以来", "累计服务{g}{n}人次", "{d}覆盖率由{p}%提高到{q}%", "{g}满意度达到{p}%",
        "{w}{w}指标明显改善", "{a}获评{w}{w}示范单位", "形成{w}{w}经验{n}项", "相关做法被{w}{w}推广",
        "{g}{w}率下降{q}个百分点", "{d}工作连续{n}年位居全市前列", "出版{w}{w}读本{n}册", "培养{w}骨干{n}名",
        "{X}入选{y}年度{w}{w}案例", "群众{w}获得感明显增强", "带动{n}家{w}参与{d}", "节约{w}费用{n}万元",
        "{P}{d}的{w}短板得到补齐", "主要做法被{w}媒体报道{n}次",
    ),
    "outlook": (
        "下一步{a}将继续{v}{d}{o}", "推动{w}{w}向{w}{w}延伸", "进一步{v}{m}{d}{o}",
        "力争到{y}年{g}{d}覆盖率达到{p}%", "把{X}打造成{w}{w}品牌", "总结{w}经验、{v}{w}机制",
        "在更大范围内推广{X}的做法", "持续提升{g}的{w}获得感", "加强{w}与{w}的协同", "{v}{d}长效机制",
        "探索{w}{w}的可复制路径", "{d}仍面临{w}{w}等挑战",
    ),
}


def _common_words() -> list[str]:
    """Two-character nouns from jieba's dictionary (a project dependency), to
    give cases the breadth of vocabulary that keeps independent texts apart."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        if tag in ("n", "vn") and len(word) == 2 and int(freq) >= 1000:
            words.append(word)
    return words


# --- The corpus ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planted:
    a: int  # index of the source case
    b: int  # index of its copy
    target: float  # the Jaccard aimed at (whole case), or 0 for a section copy
    section: str  # the section copied, or "" for a whole-case copy


class Generator:
    """Cases made of clauses drawn from a large pool of generated clauses, each
    pattern's slots filled at random, so that independent cases share domain
    words but few five-character runs, as real ones do."""

    def __init__(self, seed: int, pool: int):
        self.rng = random.Random(seed)
        self.words = _common_words()
        # pools[section][pattern]: clauses of one pattern, so that a case can
        # keep to its writer's few habits of phrasing
        self.pools = {key: [[self._clause(pattern) for _ in range(pool // len(patterns) + 1)]
                            for pattern in patterns]
                      for key, patterns in PATTERNS.items()}

    def _fill(self, slot: str) -> str:
        r = self.rng
        choices = {"a": ACTORS, "v": VERBS, "d": DOMAINS, "o": NOUNS, "g": GROUPS, "m": MANNERS,
                   "w": self.words}
        if slot in choices:
            return r.choice(choices[slot])
        return {"n": lambda: str(r.randint(2, 3000)), "p": lambda: f"{r.uniform(5, 99):.1f}",
                "q": lambda: f"{r.uniform(1, 30):.1f}", "y": lambda: str(r.randint(2015, 2030)),
                }.get(slot, lambda: "{" + slot + "}")()

    def _clause(self, pattern: str) -> str:
        parts = pattern.split("{")
        out = [parts[0]]
        for part in parts[1:]:
            slot, rest = part[0], part[2:]
            out.append(self._fill(slot) if slot not in "PX" else "{" + slot + "}")
            out.append(rest)
        return "".join(out)

    def random_clause(self, section: str) -> str:
        return self.rng.choice(self.rng.choice(self.pools[section]))

    def case_clauses(self) -> dict[str, list[str]]:
        """About SECTION_CHARS per section, from a third of the section's patterns."""
        r, clauses = self.rng, {}
        for key, pools in self.pools.items():
            habits = r.sample(pools, max(3, len(pools) // 3))
            chosen, length = [], 0
            while length < SECTION_CHARS:
                chosen.append(r.choice(r.choice(habits)))
                length += len(chosen[-1]) + 1
            clauses[key] = chosen
        return clauses

    def programme(self) -> dict[str, str]:
        r = self.rng
        return {"P": r.choice(PLACES) + r.choice(self.words) + r.choice(("街道", "镇", "社区")),
                "X": "“" + r.choice(self.words) + r.choice(self.words) + "”" + r.choice(DOMAINS)
                     + r.choice(("项目", "行动", "工程", "计划"))}


def _render(clauses: list[str], names: dict[str, str], rng: random.Random) -> str:
    """Clauses into sentences of one to four clauses, with the case's names."""
    marks = rng.choices("，。", weights=(65, 35), k=len(clauses))
    marks[-1] = "。"
    text = "".join(clause + mark for clause, mark in zip(clauses, marks, strict=True))
    return text.replace("{P}", names["P"]).replace("{X}", names["X"])


def _edit(clauses: dict[str, list[str]], fraction: float, gen: Generator) -> dict:
    """A copy with `fraction` of its clauses replaced by others."""
    copy = {}
    for key, items in clauses.items():
        items = list(items)
        for index in gen.rng.sample(range(len(items)), round(fraction * len(items))):
            items[index] = gen.random_clause(key)
        copy[key] = items
    return copy


def _replaced_for(jaccard: float) -> float:
    """The share of clauses to replace for a copy at `jaccard`: (1 - J) / (1 + J)
    if clauses were all that changed, less because the shingles across the
    edges of a replaced clause change too (calibrated on this generator)."""
    return 0.85 * (1 - jaccard) / (1 + jaccard)


_FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def _disguise(text: str) -> str:
    """What a copier does to look different: full-width digits, other punctuation, spaces."""
    return text.translate(_FULL_WIDTH).replace("，", ", ").replace("。", "；")


def make_corpus(n: int, seed: int) -> tuple[list[Document], list[Planted]]:
    """`n` cases; 1 % of them copies of another case at a Jaccard from 0.5 to
    0.95 (some disguised), 0.5 % carrying one section of another case."""
    gen = Generator(seed, pool=max(20_000, n * 3))
    cases = [(gen.case_clauses(), gen.programme()) for _ in range(n)]
    planted = []
    targets = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
    slots = gen.rng.sample(range(n), n // 100 * 2 + n // 200 * 2)
    for number in range(n // 100):
        source, copy = slots[2 * number], slots[2 * number + 1]
        target = targets[number % len(targets)]
        cases[copy] = (_edit(cases[source][0], _replaced_for(target), gen),
                       cases[source][1])
        planted.append(Planted(source, copy, target, ""))
    for number in range(n // 100, n // 100 + n // 200):
        source, copy = slots[2 * number], slots[2 * number + 1]
        key = SECTIONS[number % len(SECTIONS)]
        copied = _edit({key: cases[source][0][key]}, 0.1 * (number % 2), gen)
        cases[copy] = ({**cases[copy][0], **copied}, cases[copy][1])
        planted.append(Planted(source, copy, 0.0, key))
    disguised = {p.b for p in planted[: len(planted) // 3]}
    documents = []
    for index, (clauses, names) in enumerate(cases):
        sections = {key: _render(items, names, gen.rng) for key, items in clauses.items()}
        if index in disguised:
            sections = {key: _disguise(text) for key, text in sections.items()}
        documents.append(Document(key=f"C{index:06d}", sections=sections))
    return documents, planted


# --- Exact all-pairs -------------------------------------------------------------------------


def _grams(text: str) -> set[str]:
    text = normalise(text)
    return {text[i:i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def _intersections(sets: list[set[str]], dense_from: int = 32) -> np.ndarray:
    """|A ∩ B| for every pair of sets, exactly, without the engine's hashing:
    shingles shared by fewer than `dense_from` sets through an inverted index,
    the common ones through a product of incidence matrices."""
    ids: dict[str, int] = {}
    rows = [np.fromiter((ids.setdefault(g, len(ids)) for g in s), np.int64, len(s)) for s in sets]
    count = len(sets)
    doc = np.repeat(np.arange(count), [len(r) for r in rows])
    gram = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    df = np.bincount(gram, minlength=len(ids))
    inter = np.zeros((count, count), np.int64)
    common = df[gram] >= dense_from
    if common.any():
        column = np.unique(gram[common], return_inverse=True)[1]
        incidence = np.zeros((count, column.max() + 1), np.float32)
        incidence[doc[common], column] = 1
        inter += np.rint(incidence @ incidence.T).astype(np.int64)
    rare = (df[gram] >= 2) & ~common
    order = np.argsort(gram[rare], kind="stable")
    g, d = gram[rare][order], doc[rare][order]
    pairs = []
    for step in range(1, dense_from):  # a rare shingle's sets lie within dense_from of each other
        same = g[step:] == g[:-step]
        pairs.append(d[:-step][same] * count + d[step:][same])
    flat = np.bincount(np.concatenate(pairs), minlength=count * count).reshape(count, count)
    inter += flat + flat.T
    return inter


@dataclass(frozen=True)
class Truth:
    jaccard: np.ndarray  # (n, n) whole cases
    score: np.ndarray  # (n, n) the highest of every score the engine reports on


def exact_all_pairs(documents: list[Document]) -> Truth:
    whole = [_grams(d.text) for d in documents]
    size = np.array([len(s) for s in whole])
    inter = _intersections(whole)
    union = size[:, None] + size[None, :] - inter
    jaccard = inter / np.maximum(union, 1)
    score = np.maximum(jaccard, inter / np.maximum(np.minimum(size[:, None], size[None, :]), 1))
    for key in SECTIONS:
        parts = [_grams(d.sections.get(key, "")) for d in documents]
        part_size = np.array([len(s) for s in parts])
        part_inter = _intersections(parts)
        judged = np.minimum(part_size[:, None], part_size[None, :]) >= MIN_SECTION_SHINGLES
        part_union = part_size[:, None] + part_size[None, :] - part_inter
        best = np.maximum(part_inter / np.maximum(part_union, 1),
                          part_inter / np.maximum(np.minimum(part_size[:, None],
                                                             part_size[None, :]), 1))
        score = np.maximum(score, np.where(judged, best, 0))
    np.fill_diagonal(jaccard, 0)
    np.fill_diagonal(score, 0)
    return Truth(jaccard, score)


# --- Running it -------------------------------------------------------------------------------


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu() -> tuple[float, float]:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _keys(documents: list[Document], planted: Planted) -> tuple[str, str]:
    """The pair as the engine names it: the earlier case first."""
    first, second = sorted((planted.a, planted.b))
    return documents[first].key, documents[second].key


def _planted_recall(documents: list[Document], planted: list[Planted], found: set) -> str:
    whole = [p for p in planted if not p.section]
    exact = [len(_grams(documents[p.a].text) & _grams(documents[p.b].text))
             / len(_grams(documents[p.a].text) | _grams(documents[p.b].text)) for p in whole]
    due = [p for p, j in zip(whole, exact, strict=True) if j >= THRESHOLD]
    hit = sum(_keys(documents, p) in found for p in due)
    sections = [p for p in planted if p.section]
    section_hit = sum(_keys(documents, p) in found for p in sections)
    return (f"planted copies with exact J ≥ {THRESHOLD}: {hit}/{len(due)} found "
            f"(recall {hit / max(len(due), 1):.3f}; exact J of the plants "
            f"{min(exact):.2f}–{max(exact):.2f}); section copies {section_hit}/{len(sections)}")


def _subset(documents: list[Document], planted: list[Planted], size: int,
            rng: random.Random) -> list[Document]:
    """`size` cases: both sides of as many planted pairs as fit in a third of
    it, the rest drawn at random."""
    chosen: list[int] = []
    for p in planted[: size // 6]:
        chosen += [p.a, p.b]
    rest = sorted(set(range(len(documents))) - set(chosen))
    chosen += rng.sample(rest, size - len(chosen))
    return [documents[i] for i in sorted(set(chosen))]


def _subset_report(documents: list[Document], workers: int) -> str:
    truth = exact_all_pairs(documents)
    index = {d.key: i for i, d in enumerate(documents)}
    result = scan(documents, threshold=THRESHOLD, workers=workers)
    reported = {(index[p.a], index[p.b]) for p in result.pairs}
    due = {(i, j) for i, j in zip(*np.nonzero(np.triu(truth.score >= THRESHOLD)), strict=True)}
    due_jaccard = {(i, j) for i, j in zip(*np.nonzero(np.triu(truth.jaccard >= THRESHOLD)),
                                          strict=True)}
    error = max((abs(p.jaccard - truth.jaccard[index[p.a], index[p.b]]) for p in result.pairs),
                default=0.0)
    right = len(reported & due)
    upper = np.triu_indices(len(documents), 1)
    unrelated = truth.jaccard[upper][truth.score[upper] < THRESHOLD]
    background = (f"the other pairs: median J {np.median(unrelated):.3f}, 99th percentile "
                  f"{np.percentile(unrelated, 99):.3f}, largest {unrelated.max():.3f}")
    return (f"subset of {len(documents):,} cases against exact all-pairs "
            f"({len(documents) * (len(documents) - 1) // 2:,} pairs): "
            f"{len(due_jaccard)} pairs with J ≥ {THRESHOLD}, found {len(reported & due_jaccard)} "
            f"(recall {len(reported & due_jaccard) / max(len(due_jaccard), 1):.3f}); "
            f"{len(due)} pairs with any score ≥ {THRESHOLD}, found {right} "
            f"(recall {right / max(len(due), 1):.3f}); engine reported {len(reported)}, "
            f"precision {right / max(len(reported), 1):.3f}; "
            f"largest |J − exact J| {error:.1e}; {background}")


def run_one(n: int, *, workers: int, seed: int, subset: int) -> None:
    start = time.perf_counter()
    documents, planted = make_corpus(n, seed)
    generated = time.perf_counter() - start
    chars = sum(len(d.text) for d in documents) / n
    print(f"N = {n:,}  workers = {workers}  (load average {_load()} on "
          f"{len(os.sched_getaffinity(0))} cores at the start)", flush=True)
    print(f"  corpus: {chars:,.0f} characters a case on average; "
          f"{sum(not p.section for p in planted)} planted copies aimed at J 0.5–0.95, "
          f"{sum(bool(p.section) for p in planted)} planted section copies; "
          f"generated in {generated:.0f} s (not timed)", flush=True)
    rss_before, (cpu_main, cpu_workers) = _rss_mb(), _cpu()
    result = scan(documents, threshold=THRESHOLD, workers=workers)
    cpu_main_after, cpu_workers_after = _cpu()
    seconds = result.seconds
    print(f"  time: signatures {seconds['signatures']:.1f} s, LSH {seconds['lsh']:.1f} s, "
          f"verification {seconds['verification']:.1f} s, total {sum(seconds.values()):.1f} s "
          f"(CPU {cpu_main_after - cpu_main:.1f} s here + "
          f"{cpu_workers_after - cpu_workers:.1f} s in workers)")
    print(f"  search: num_perm {result.num_perm}, bands × rows "
          f"{result.bands} × {result.rows}; {result.sketches:,} sketches; "
          f"{result.candidates:,} colliding sketch pairs; {result.verified:,} case pairs "
          f"verified; {len(result.pairs):,} reported")
    me, children = (resource.getrusage(who).ru_maxrss / 1024
                    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"  peak memory: {me:,.0f} MB in this process ({rss_before:,.0f} MB before the "
          f"search: the corpus and its generator), {children:,.0f} MB in the largest worker")
    found = {(p.a, p.b) for p in result.pairs}
    print("  " + _planted_recall(documents, planted, found), flush=True)
    sample = _subset(documents, planted, min(subset, n), random.Random(seed))
    print("  " + _subset_report(sample, workers), flush=True)
    print(f"  (load average {_load()} at the end)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--subset", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.n[0], workers=args.workers, seed=args.seed, subset=args.subset)
        return
    for n in args.n:  # each in a fresh process, so that the peak memory is its own
        subprocess.run([sys.executable, __file__, "--one", "--n", str(n), "--workers",
                        str(args.workers), "--subset", str(args.subset), "--seed",
                        str(args.seed)], check=True)


if __name__ == "__main__":
    main()
