from kg.ner.evaluate import evaluate_bio, format_scores, score


def test_score_exact_match_per_type():
    gold = [(0, 3, "PER"), (5, 7, "LOC")]
    pred = [(0, 3, "PER"), (5, 8, "LOC"), (9, 10, "ORG")]
    s = score([(gold, pred)])
    assert s["PER"]["f1"] == 1.0
    assert s["LOC"]["tp"] == 0 and s["LOC"]["fn"] == 1 and s["LOC"]["fp"] == 1
    assert s["micro"]["precision"] == 1 / 3 and s["micro"]["recall"] == 1 / 2


def test_coarse_mapping_and_ignore():
    gold = [(0, 4, "ORG")]
    pred = [(0, 4, "GOV"), (4, 6, "TITLE")]
    s = score([(gold, pred)], {"GOV": "ORG"}, ignore={"TITLE"})
    assert s["micro"]["f1"] == 1.0


class FixedTagger:
    def __init__(self, answers):
        self.answers = answers

    def spans(self, text):
        return self.answers.get(text, [])


def test_evaluate_bio_folds_fine_labels(tiny_bio):
    tagger = FixedTagger({"湖北省卫生健康委员会发布通报": [(0, 10, "GOV")]})
    s = evaluate_bio(tiny_bio, tagger)
    assert s["ORG"]["tp"] == 1
    assert s["PER"]["recall"] == 0.0
    table = format_scores(s)
    assert table.splitlines()[0].split() == ["label", "P", "R", "F1", "gold"]
    assert table.splitlines()[-1].startswith("micro")
