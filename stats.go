package dedupe

// Stats are counts of what a Detector holds, for monitoring.
type Stats struct {
	// Documents is the number of documents added, once an Add has reached
	// its last stage (commit): Len counts a document from its admission.
	Documents int
	// Clusters is the number of clusters of two or more documents.
	Clusters int
	// Pairs is the number of pairs found, less those of the documents
	// deleted or evicted.
	Pairs int
	// Deletes and Evictions count the documents removed by Delete and
	// evicted by Options.Retention; Documents leaves them out.
	Deletes, Evictions int
	// Unverified is the sum of Result.Unverified: pairs of copies of one
	// text left unverified, and so out of Pairs.
	Unverified int
	// MemoryBytes estimates the memory the Detector holds: its entries,
	// counted but for the allocator's rounding, and its indexes, pairs and
	// clusters, from what each costs per document, fingerprint, pair and
	// passage on average (docBytes and the constants after it). It leaves
	// out the buffers pooled for adds in progress. On a generated corpus
	// of 6,886 documents it came to 1.13 times the heap the Detector held,
	// 0.86 times near-only (TestStatsMemory).
	MemoryBytes int64
	// DiskBytes is the size of a persistent Detector's store (Open): its
	// snapshot and log of document records, about 1.8 KB a generated news
	// document of 2.1 KB. 0 for a Detector made by New.
	DiskBytes int64
	// Compactions counts the compactions of a persistent Detector's store
	// since Open (Compact, and those it starts on its own).
	Compactions int
}

// Stats returns counts of what the Detector holds. Cost: O(1); it takes
// the Detector's locks briefly.
func (d *Detector) Stats() Stats {
	d.gmu.Lock()
	defer d.gmu.Unlock()
	d.mu.RLock()
	defer d.mu.RUnlock()
	bands := d.lsh.Bands()
	mem := int64(d.entryBytes) +
		int64(int(d.docs.end())-d.ngone)*(docBytes+int64(bands)*bandBytes) +
		int64(d.fingerprints)*fingerprintBytes +
		int64(d.pairs.heldChunks())*chunkLen*pairBytes +
		int64(d.passages)*passageBytes +
		int64(d.pairs.len())*pairIndexBytes +
		int64(d.weakLinks)*weakBytes
	var disk int64
	if d.log != nil {
		disk = d.log.Size()
	}
	return Stats{
		DiskBytes:   disk,
		Compactions: d.compactions,
		Documents:   int(d.committed) - d.deletes - d.evictions,
		Clusters:    d.groups.Len(),
		Pairs:       d.pairs.len(),
		Deletes:     d.deletes,
		Evictions:   d.evictions,
		Unverified:  d.unverified,
		MemoryBytes: mem,
	}
}

// What Stats counts for each piece of a Detector's state (state.go), in
// bytes, on a 64-bit platform.
const (
	// docBytes is a document's share of the indexes but the LSH and the
	// passage index: its ID's and its text's slots in ids and copies (24
	// each, postings.Map), the SimHash index (58, simhash.Index), the two
	// Groupers (8 each) and shared (8).
	docBytes = 24 + 24 + 58 + 16 + 8
	// bandBytes is an LSH band's slot for one document: 23 to 30 bytes
	// (minhash.LSH).
	bandBytes = 27
	// fingerprintBytes is a fingerprint in the passage index: 16 to 32
	// bytes a fingerprint of one document (cluster.Index).
	fingerprintBytes = 24
	// pairBytes is a Pair, allocated chunkLen at a time; passageBytes one
	// of its passages.
	pairBytes, passageBytes = 120, 40
	// pairIndexBytes is a pair's share of the per-document index of pairs
	// (Detector.Document): 26.8 bytes on a generated corpus of 6,886
	// documents and 13,231 pairs (TestDocumentIndexBytes), of which 8 are
	// the pair's two entries; less where documents have many pairs.
	pairIndexBytes = 27
	// weakBytes is an ID in weak, the postings of short links.
	weakBytes = 16
)
