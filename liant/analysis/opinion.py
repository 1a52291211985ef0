"""Opinion map of a consultation, following the published Pol.is method. No Django here.

Sources (read at compdemocracy/polis commit 08e03eb1, math/src/polismath/math/, and
polis-community/red-dwarf 0.4.0, reddwarf/):

1. Vote matrix participants × statements, agree +1 / disagree −1 / pass 0, missing unknown;
   the latest vote per (participant, statement) wins (conversation.clj, :raw-rating-mat).
   Pol.is stores agree as −1 internally (utils.clj `agree?`); its openData export and this
   module use +1 for agree.
2. PCA with 2 components on the matrix whose missing votes are replaced by the statement's
   mean vote (conversation.clj :mat, "swap nils for per column average"), fitted on every
   participant (:pca uses the whole rating matrix).
3. Each participant is projected from the votes they cast only, then pushed out from the
   centre by sqrt(#statements / #votes cast) (pca.clj `sparsity-aware-project-ptpt`;
   red-dwarf sklearn/transformers.py `calculate_scaling_factors`).
4. Participants enter the clustering once they have voted min(7, #statements) times
   (conversation.clj :in-conv). They are first gathered in up to 100 base clusters by
   k-means, then the base clusters (weighted by their size) are grouped by k-means for
   k = 2 … min(5, 2 + #base clusters / 12), and the k with the best silhouette over the
   base clusters wins (conversation.clj :base-clusters, :group-clusterings, `max-k-fn`,
   :group-clusterings-silhouettes; clusters.clj `silhouette`).
5. Representative statements per group with Pol.is' smoothed proportions, ratios and
   z-tests (repness.clj `comment-stats`, `add-comparitive-stats`, `select-rep-comments`;
   stats.clj `prop-test`, `two-prop-test`, `z-sig-90?`).
6. Group-informed consensus: the product over groups of the smoothed share of agreement
   (conversation.clj :group-aware-consensus), and of disagreement (red-dwarf
   utils/stats.py `calculate_comment_statistics`, "group-aware-consensus-disagree").
7. Majority opinions: statements that a majority of all participants agree (or disagree)
   with, significantly (repness.clj `select-consensus-comments`).

Pol.is also smooths k over successive runs (:group-k-smoother) and keeps participants in
once they are in: this module is stateless, so it recomputes from the votes each time.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

AGREE, DISAGREE, PASS = 1, -1, 0
VOTES = (AGREE, DISAGREE, PASS)

# conversation.clj base-conv-update-graph defaults (:n-comps 2, :base-k 100, :max-k 5,
# :base-iters 100, :group-iters 100) and :in-conv (">= cnt (min 7 n-cmts)").
COMPONENTS = 2
BASE_CLUSTERS = 100
MAX_GROUPS = 5
MIN_GROUPS = 2
KMEANS_ITERATIONS = 100
MIN_VOTES_TO_BE_CLUSTERED = 7
# conversation.clj `max-k-fn`: at most 2 + one group per 12 base clusters.
BASE_CLUSTERS_PER_EXTRA_GROUP = 12
# stats.clj `z-sig-90?`: one-sided z test at 90 % confidence.
Z_90 = 1.2816
# repness.clj `select-rep-comments` and `select-consensus-comments` ("take 5"); red-dwarf
# run_pipeline `pick_max=5` for the group-aware consensus.
PICK = 5
# repness.clj `select-consensus-comments`: a majority is a smoothed share above one half.
MAJORITY = 0.5
# Above this many matrix cells the PCA uses a sparse truncated SVD instead of a dense one.
DENSE_SVD_CELLS = 250_000


@dataclass(frozen=True)
class Repness:
    statement: Hashable
    direction: str  # "agree" | "disagree"
    share: float  # share of the group's voters on it who voted that way
    ratio: float  # representativeness vs the rest of the participants
    significant: bool  # passes Pol.is' significance tests


@dataclass(frozen=True)
class Group:
    id: int  # 0..k-1, ordered by size, largest first
    members: tuple  # participant keys
    representative: tuple[Repness, ...]  # best first, at most 5


@dataclass(frozen=True)
class OpinionMap:
    points: dict  # participant key -> (x, y) for included participants
    groups: tuple[Group, ...]
    consensus: tuple[tuple[Hashable, str, float], ...]  # (statement, direction, score), best first
    majority: tuple[tuple[Hashable, str, float], ...]  # (statement, direction, share), best first
    participants: int  # included in the map
    statements: int


@dataclass(frozen=True)
class _VoteMatrix:
    participants: list
    statements: list
    rows: np.ndarray  # participant index of each (latest) vote
    cols: np.ndarray  # statement index of each vote
    values: np.ndarray  # AGREE / DISAGREE / PASS

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participants), len(self.statements)


def compute_opinion_map(
    votes: Iterable[tuple[Hashable, Hashable, int]],
    *,
    seed: int = 0,
    moderated_out: Collection[Hashable] = (),
) -> OpinionMap | None:
    """votes: (participant key, statement key, AGREE/DISAGREE/PASS); a later tuple for the same
    pair replaces an earlier one. None when too few participants to form groups.

    moderated_out (optional): statements removed by moderation whose votes are still given.
    Pol.is counts their votes to admit participants, treats them as passed by everyone in the
    projection (named_matrix.clj `zero-out-columns`) and never shows them (repness.clj
    `mod-out`). Leaving their votes out instead is simpler and also fine; giving them is
    needed to reproduce Pol.is' own map of a moderated conversation."""
    matrix = _vote_matrix(votes)
    hidden_keys = set(moderated_out)
    hidden = np.array([key in hidden_keys for key in matrix.statements], dtype=bool)
    # The matrices are small enough that BLAS / OpenMP threads only add contention (a shared
    # 2-core server ran this 5-10x slower with them); one thread also keeps results exact.
    with threadpool_limits(limits=1):
        return _opinion_map(matrix, hidden, seed)


def _opinion_map(matrix: _VoteMatrix, hidden: np.ndarray, seed: int) -> OpinionMap | None:
    n_participants, n_statements = matrix.shape
    if n_participants < MIN_GROUPS:
        return None
    votes_cast = np.bincount(matrix.rows, minlength=n_participants)
    included = np.flatnonzero(votes_cast >= min(MIN_VOTES_TO_BE_CLUSTERED, n_statements))
    if len(included) < MIN_GROUPS:
        return None
    projection = _project(matrix, hidden, seed)
    labels = _group_labels(projection[included], seed)
    if labels is None:
        return None
    members = [included[labels == label] for label in range(labels.max() + 1)]
    members.sort(key=lambda rows: (-len(rows), rows[0]))

    agree = _indicator(matrix, AGREE)
    disagree = _indicator(matrix, DISAGREE)
    seen = _indicator(matrix, None)
    membership = sparse.csr_matrix(
        (
            np.ones(len(included)),
            (
                np.concatenate([np.full(len(m), g) for g, m in enumerate(members)]),
                np.concatenate(members),
            ),
        ),
        shape=(len(members), n_participants),
    )
    # Per group and statement: agrees, disagrees and votes seen (repness.clj `comment-stats`).
    visible = np.flatnonzero(~hidden)
    statements = [matrix.statements[column] for column in visible]
    group_agree = np.asarray((membership @ agree).todense())[:, visible]
    group_disagree = np.asarray((membership @ disagree).todense())[:, visible]
    group_seen = np.asarray((membership @ seen).todense())[:, visible]

    groups = tuple(
        Group(
            id=g,
            members=tuple(matrix.participants[i] for i in rows),
            representative=_representative(statements, g, group_agree, group_disagree, group_seen),
        )
        for g, rows in enumerate(members)
    )
    return OpinionMap(
        points={
            matrix.participants[i]: (float(projection[i, 0]), float(projection[i, 1]))
            for i in included
        },
        groups=groups,
        consensus=_group_informed_consensus(statements, group_agree, group_disagree, group_seen),
        majority=_majority(
            statements,
            np.asarray(agree.sum(axis=0)).ravel()[visible],
            np.asarray(disagree.sum(axis=0)).ravel()[visible],
            np.asarray(seen.sum(axis=0)).ravel()[visible],
        ),
        participants=len(included),
        statements=len(statements),
    )


def _vote_matrix(votes: Iterable[tuple[Hashable, Hashable, int]]) -> _VoteMatrix:
    latest: dict[tuple[Hashable, Hashable], int] = {}
    for participant, statement, vote in votes:
        if vote not in VOTES or isinstance(vote, bool):
            raise ValueError(f"vote must be 1, -1 or 0, not {vote!r}")
        latest[participant, statement] = int(vote)
    participant_index: dict[Hashable, int] = {}
    statement_index: dict[Hashable, int] = {}
    rows = np.empty(len(latest), dtype=np.int64)
    cols = np.empty(len(latest), dtype=np.int64)
    for n, (participant, statement) in enumerate(latest):
        rows[n] = participant_index.setdefault(participant, len(participant_index))
        cols[n] = statement_index.setdefault(statement, len(statement_index))
    values = np.fromiter(latest.values(), dtype=np.float64, count=len(latest))
    return _VoteMatrix(list(participant_index), list(statement_index), rows, cols, values)


def _indicator(matrix: _VoteMatrix, vote: int | None) -> sparse.csr_matrix:
    """Participants × statements, 1 where the participant cast `vote` (any vote if None)."""
    keep = np.ones(len(matrix.values), bool) if vote is None else matrix.values == vote
    return sparse.csr_matrix(
        (np.ones(int(keep.sum())), (matrix.rows[keep], matrix.cols[keep])), shape=matrix.shape
    )


def _project(matrix: _VoteMatrix, hidden: np.ndarray, seed: int) -> np.ndarray:
    """Sparsity-aware PCA projection of every participant (pca.clj)."""
    n_participants, n_statements = matrix.shape
    keep = ~hidden[matrix.cols]
    rows, cols, values = matrix.rows[keep], matrix.cols[keep], matrix.values[keep]
    column_mean = np.bincount(cols, values, n_statements) / np.maximum(
        np.bincount(cols, minlength=n_statements), 1
    )
    # Missing votes take the column mean, so once centred they are exactly zero: the centred
    # matrix is as sparse as the votes, and projecting it uses the cast votes only. A
    # moderated-out column is all zeros (passed by everyone): no variance, but it counts as
    # a vote cast by every participant in the scale below.
    centred = sparse.csr_matrix((values - column_mean[cols], (rows, cols)), shape=matrix.shape)
    components = _principal_components(centred, seed)
    votes_cast = np.bincount(rows, minlength=n_participants) + int(hidden.sum())
    scale = np.sqrt(n_statements / np.maximum(votes_cast, 1))
    return np.asarray(centred @ components.T) * scale[:, None]


def _principal_components(centred: sparse.csr_matrix, seed: int) -> np.ndarray:
    """The first two principal axes (rows), each signed so its largest loading is positive.
    With a single statement the second axis is zero, as in pca.clj `wrapped-pca`."""
    n_participants, n_statements = centred.shape
    wanted = min(COMPONENTS, n_participants, n_statements)
    if n_participants * n_statements <= DENSE_SVD_CELLS or wanted >= min(centred.shape):
        _, _, axes = np.linalg.svd(centred.toarray(), full_matrices=False)
        axes = axes[:wanted]
    else:
        start = np.random.default_rng(seed).uniform(size=min(centred.shape))
        _, singular, axes = svds(centred, k=wanted, v0=start, random_state=seed)
        axes = axes[np.argsort(-singular)]
    components = np.zeros((COMPONENTS, n_statements))
    components[: len(axes)] = axes
    for axis in components:
        peak = np.argmax(np.abs(axis))
        if axis[peak] < 0:
            axis *= -1
    return components


def _group_labels(points: np.ndarray, seed: int) -> np.ndarray | None:
    """Group label (0..k-1) of each point: base clusters, then k-means of the base clusters
    weighted by size, k chosen by silhouette. None when the points cannot be split."""
    base_centres, base_of_point = _base_clusters(points, seed)
    if len(base_centres) < MIN_GROUPS:
        return None
    weights = np.bincount(base_of_point, minlength=len(base_centres)).astype(float)
    max_groups = min(MAX_GROUPS, MIN_GROUPS + len(base_centres) // BASE_CLUSTERS_PER_EXTRA_GROUP)
    distances = np.linalg.norm(base_centres[:, None, :] - base_centres[None, :, :], axis=2)
    best_labels, best_score = None, -math.inf
    for k in range(MIN_GROUPS, min(max_groups, len(base_centres)) + 1):
        kmeans = KMeans(n_clusters=k, n_init=10, max_iter=KMEANS_ITERATIONS, random_state=seed).fit(
            base_centres, sample_weight=weights
        )
        labels = _compact(kmeans.labels_)
        if labels.max() + 1 < MIN_GROUPS:
            continue
        score = _silhouette(distances, labels)
        if score > best_score:  # ties keep the smaller k
            best_labels, best_score = labels, score
    if best_labels is None:
        return None
    return best_labels[base_of_point]


def _base_clusters(points: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to 100 base clusters: (centres, base cluster of each point). With no more distinct
    positions than that, each distinct position is a base cluster, as clusters.clj
    `init-clusters` starts from the distinct rows."""
    distinct, inverse = np.unique(points, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    if len(distinct) <= BASE_CLUSTERS:
        return distinct, inverse
    kmeans = KMeans(
        n_clusters=BASE_CLUSTERS, n_init=1, max_iter=KMEANS_ITERATIONS, random_state=seed
    ).fit(points)
    labels = _compact(kmeans.labels_)
    centres = np.array([points[labels == b].mean(axis=0) for b in range(labels.max() + 1)])
    return centres, labels


def _compact(labels: np.ndarray) -> np.ndarray:
    """Renumber labels 0..n-1 without gaps (k-means may leave a cluster empty)."""
    return np.unique(labels, return_inverse=True)[1].ravel()


def _silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over the base clusters, unweighted; a point alone in its cluster
    scores 0 (clusters.clj `silhouette`)."""
    n_groups = labels.max() + 1
    scores = np.zeros(len(labels))
    sizes = np.bincount(labels, minlength=n_groups)
    # Sum of distances from each point to each group.
    sums = np.stack([distances[:, labels == g].sum(axis=1) for g in range(n_groups)], axis=1)
    for i, own in enumerate(labels):
        if sizes[own] == 1:
            continue
        inside = sums[i, own] / (sizes[own] - 1)
        outside = min(sums[i, g] / sizes[g] for g in range(n_groups) if g != own)
        denominator = max(inside, outside)
        scores[i] = 0.0 if denominator == 0 else (outside - inside) / denominator
    return float(scores.mean())


# --- Statistics (stats.clj) -----------------------------------------------------------


def _prop_test(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """stats.clj `prop-test`: z of a share above one half, with one pseudo-count."""
    successes, trials = successes + 1, trials + 1
    return 2 * np.sqrt(trials) * (successes / trials - 0.5)


def _two_prop_test(
    successes_in: np.ndarray,
    successes_out: np.ndarray,
    trials_in: np.ndarray,
    trials_out: np.ndarray,
) -> np.ndarray:
    """stats.clj `two-prop-test`: z of the share inside above the share outside, with one
    pseudo-count each; 0 when the pooled share is 1."""
    successes_in, successes_out = successes_in + 1, successes_out + 1
    trials_in, trials_out = trials_in + 1, trials_out + 1
    pooled = (successes_in + successes_out) / (trials_in + trials_out)
    variance = pooled * (1 - pooled) * (1 / trials_in + 1 / trials_out)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (successes_in / trials_in - successes_out / trials_out) / np.sqrt(variance)
    return np.where(pooled == 1, 0.0, z)


# --- Representative statements (repness.clj) ------------------------------------------


@dataclass(frozen=True)
class _Stats:
    """One statement seen by one group: repness.clj `comment-stats` + comparative stats."""

    column: int
    na: float
    nd: float
    ns: float
    pa: float
    pd: float
    pat: float
    pdt: float
    ra: float
    rd: float
    rat: float
    rdt: float

    def passes(self) -> bool:  # repness.clj `passes-by-test?`
        return self.passes_agree() or self.passes_disagree()

    def passes_agree(self) -> bool:
        return self.rat > Z_90 and self.pat > Z_90

    def passes_disagree(self) -> bool:
        return self.rdt > Z_90 and self.pdt > Z_90

    def agree_side(self) -> bool:  # repness.clj `finalize-cmt-stats`: agree if rat > rdt
        return self.rat > self.rdt

    def test(self) -> float:
        return self.rat if self.agree_side() else self.rdt

    def metric(self) -> float:  # repness.clj `repness-metric`
        if self.agree_side():
            return self.ra * self.rat * self.pa * self.pat
        return self.rd * self.rdt * self.pd * self.pdt


def _group_stats(
    group: int, agree: np.ndarray, disagree: np.ndarray, seen: np.ndarray
) -> list[_Stats]:
    na, nd, ns = agree[group], disagree[group], seen[group]
    rest_na, rest_nd = agree.sum(axis=0) - na, disagree.sum(axis=0) - nd
    rest_ns = seen.sum(axis=0) - ns
    pa, pd = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
    ra = pa / ((rest_na + 1) / (rest_ns + 2))
    rd = pd / ((rest_nd + 1) / (rest_ns + 2))
    columns = zip(
        na,
        nd,
        ns,
        pa,
        pd,
        _prop_test(na, ns),
        _prop_test(nd, ns),
        ra,
        rd,
        _two_prop_test(na, rest_na, ns, rest_ns),
        _two_prop_test(nd, rest_nd, ns, rest_ns),
        strict=True,
    )
    return [_Stats(column, *map(float, values)) for column, values in enumerate(columns)]


def _beats_best_agree(stats: _Stats, best: _Stats | None) -> bool:
    """repness.clj `beats-best-agr?`."""
    if stats.na == 0 and stats.nd == 0:
        return False
    if best is not None and best.ra > 1.0:
        return stats.ra * stats.rat * stats.pa * stats.pat > best.ra * best.rat * best.pa * best.pat
    if best is not None:
        return stats.pa * stats.pat > best.pa * best.pat
    return stats.pat > Z_90 or (stats.ra > 1.0 and stats.pa > 0.5)


def _representative(
    statements: list, group: int, agree: np.ndarray, disagree: np.ndarray, seen: np.ndarray
) -> tuple[Repness, ...]:
    """repness.clj `select-rep-comments`: statements passing both z-tests, best agree first,
    then by repness metric, at most 5, agrees before disagrees; if none passes, the best agree
    (or the best by test) alone."""
    sufficient: list[_Stats] = []
    best: _Stats | None = None
    best_agree: _Stats | None = None
    for stats in _group_stats(group, agree, disagree, seen):
        if stats.passes():
            sufficient.append(stats)
        if not sufficient and (best is None or max(stats.rat, stats.rdt) > best.test()):
            best = stats
        if _beats_best_agree(stats, best_agree):
            best_agree = stats
    # The best agree is shown as an agreement whatever its z-tests say: Pol.is flags it
    # `:best-agree` with its `:n-agree` "so the client can render accordingly".
    head = [_as_repness(statements, best_agree, agree_side=True)] if best_agree else []
    if not sufficient:
        return tuple(head) if head else (_as_repness(statements, best),) if best else ()
    ranked = sorted(
        (s for s in sufficient if best_agree is None or s.column != best_agree.column),
        key=lambda s: -s.metric(),
    )
    chosen = (head + [_as_repness(statements, s) for s in ranked])[:PICK]
    return tuple(
        [r for r in chosen if r.direction == "agree"]
        + [r for r in chosen if r.direction == "disagree"]
    )


def _as_repness(statements: list, stats: _Stats, agree_side: bool | None = None) -> Repness:
    """repness.clj `finalize-cmt-stats`; `significant` is the z-tests of the side shown."""
    if agree_side is None:
        agree_side = stats.agree_side()
    successes = stats.na if agree_side else stats.nd
    return Repness(
        statement=statements[stats.column],
        direction="agree" if agree_side else "disagree",
        share=successes / stats.ns if stats.ns else 0.0,
        ratio=stats.ra if agree_side else stats.rd,
        significant=stats.passes_agree() if agree_side else stats.passes_disagree(),
    )


# --- Consensus and majority -----------------------------------------------------------


def _group_informed_consensus(
    statements: list, agree: np.ndarray, disagree: np.ndarray, seen: np.ndarray
) -> tuple[tuple[Hashable, str, float], ...]:
    """Product over groups of (votes that way + 1) / (votes seen + 2): high only when every
    group leans the same way (conversation.clj :group-aware-consensus; red-dwarf for the
    disagree side). The best 5 of each direction, best first."""
    rows: list[tuple[Hashable, str, float]] = []
    for direction, counts in (("agree", agree), ("disagree", disagree)):
        scores = np.prod((counts + 1) / (seen + 2), axis=0)
        for column in np.argsort(-scores, kind="stable")[:PICK]:
            rows.append((statements[column], direction, float(scores[column])))
    return tuple(sorted(rows, key=lambda row: -row[2]))


def _majority(
    statements: list, agree: np.ndarray, disagree: np.ndarray, seen: np.ndarray
) -> tuple[tuple[Hashable, str, float], ...]:
    """repness.clj `select-consensus-comments` over every participant: smoothed share above one
    half and significant at 90 %, the best 5 of each direction by share × z, best first. The
    share given is the plain share of those who voted on it."""
    ranked: list[tuple[float, Hashable, str, float]] = []
    for direction, counts in (("agree", agree), ("disagree", disagree)):
        smoothed = (counts + 1) / (seen + 2)
        z = _prop_test(counts, seen)
        metric = smoothed * z
        keep = np.flatnonzero((smoothed > MAJORITY) & (z > Z_90))
        for column in keep[np.argsort(-metric[keep], kind="stable")][:PICK]:
            share = counts[column] / seen[column]
            ranked.append((float(metric[column]), statements[column], direction, float(share)))
    ranked.sort(key=lambda row: -row[0])
    return tuple((statement, direction, share) for _, statement, direction, share in ranked)


# --- Pol.is openData files ------------------------------------------------------------


def read_polis_export(directory: str | Path) -> list[tuple[int, int, int]]:
    """Votes (voter-id, comment-id, vote) of a Pol.is openData `votes.csv`, oldest first, so
    that the latest vote per pair wins in `compute_opinion_map`. For tests and the bench:
    malformed files raise ValueError without a line-by-line report."""
    with open(Path(directory) / "votes.csv", newline="", encoding="utf-8") as file:
        rows = [
            (int(row["timestamp"]), int(row["voter-id"]), int(row["comment-id"]), int(row["vote"]))
            for row in csv.DictReader(file)
        ]
    rows.sort(key=lambda row: row[0])  # stable: equal timestamps keep the file's order
    return [(voter, comment, vote) for _, voter, comment, vote in rows]


def read_polis_groups(directory: str | Path) -> dict[int, int]:
    """Pol.is' own group of each grouped participant (`participants-votes.csv`, group-id)."""
    with open(Path(directory) / "participants-votes.csv", newline="", encoding="utf-8") as file:
        return {
            int(row["participant"]): int(row["group-id"])
            for row in csv.DictReader(file)
            if row["group-id"].strip()
        }


def read_polis_moderated_out(directory: str | Path) -> set[int]:
    """Comment ids moderated out (`comments.csv`, moderated = -1)."""
    with open(Path(directory) / "comments.csv", newline="", encoding="utf-8") as file:
        return {
            int(row["comment-id"]) for row in csv.DictReader(file) if row["moderated"] == "-1"
        }
