// Package cluster finds documents that share text and groups them.
//
// It works at two levels. Whole documents are compared through their MinHash
// and SimHash signatures (packages minhash and simhash). Passages are found
// through an index of winnowed shingle fingerprints ([Index]) that ignores
// fingerprints so common they are boilerplate, then located token by token
// with [Align], which tolerates edits and OCR noise. [Groups] joins
// documents linked by verified evidence into clusters and names each
// cluster's likely source.
package cluster
