// Package synth generates deterministic, realistic corpora of syndicated
// news text with exact ground truth, for testing and benchmarking the
// near-duplicate detector.
//
// A corpus is a stream of wire stories. Each wire original (outlet "The
// Associated Press": headline, byline, "CITY (AP) — " dateline, 4-15
// paragraphs, credit line, copyright trailer) is followed by outlet copies
// made later (minutes to days): full reprints, bottom-trimmed copies,
// lightly edited copies, OCR-noisy copies, local stories embedding 1-4
// wire paragraphs, and rewrites that keep only short runs (not reuse).
// Options.Messy adds the copies that make detection hard (MessyKinds:
// heavy OCR noise, heavy rewording, trims with edits, re-issues under a
// new top, one embedded paragraph, restyled figures, copied openings that
// go on with the outlet's own text, hard-wrapped and unwrapped texts),
// Options.Rewritten newspaper stories rewritten around runs kept from the
// wire story (KindRewritten) and the outlets' own reports sharing one wire
// quotation (KindQuoted, not reuse), and Options.NoOriginal leaves wire
// originals out, so that their copies are tied only copy to copy.
// Every outlet wraps its documents in its own fixed site chrome (header,
// navigation, footer; chains share footer lines), restyles datelines and
// bylines, and writes new headlines. Unrelated documents — local stories
// with their own vocabulary, and formulaic earnings, sports and weather
// stories — share chrome and stock phrases (see StockPhrases) with the
// rest but never wire text.
//
// Generate returns documents plus ground truth (Corpus.Reuses, byte spans
// of the shared wire paragraphs in both documents of every pair). Write
// streams the same documents as JSON lines in constant memory. Output
// depends only on Options: each story uses its own PCG stream.
package synth
