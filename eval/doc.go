// Package eval is the evaluation harness of dedupe on labelled corpora.
//
// The detector under test is injected as a function (AlignFunc for
// passage alignment, ScoreFunc for pair similarity), so this package does
// not depend on the rest of the project. Supported corpora (see
// /work/shared/corpora):
//
//   - PAN13 text alignment: the official PAN character-level measures
//     (macro precision and recall, granularity, PlagDet), a case-level
//     recall and pair-level detection precision and recall (PAN13).
//   - Clough & Stevenson short answers: ROC-AUC, best F1 and Spearman
//     correlation of a score with the rewrite level (Clough).
//   - MSR paraphrase corpus: P/R/F1/accuracy at a threshold, ROC-AUC and
//     the best F1 (MSRP).
//   - Reuters-21578 (or any JSONL with id and text): exact-duplicate groups
//     that a clustering detector must find whole (LoadJSONL, ExactGroups,
//     GroupsFoundWhole).
//
// All errors are prefixed "eval: " and name the file and line at fault.
package eval
