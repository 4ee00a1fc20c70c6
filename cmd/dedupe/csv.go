package main

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/report"
)

// csvReport writes CSV (RFC 4180, encoding/csv quoting) for spreadsheets
// and scripts: a header row, then one row per passage with the pair's
// documents, the passage's byte offsets into each, its words, the pair's
// Jaccard similarity and the cluster both documents are in ("" if they
// are in different clusters). A near-duplicate pair without passages
// gets one row with empty offsets and words. IDs are written as they are,
// bytes that are not UTF-8 included.
type csvReport struct{ w io.Writer }

var csvHeader = []string{"a", "b", "a_start", "a_end", "b_start", "b_end", "words", "jaccard", "cluster"}

func (r *csvReport) write(pairs []dedupe.Pair, clusters []dedupe.Cluster, _ stats) error {
	bw := bufio.NewWriter(r.w)
	cw := csv.NewWriter(bw)
	inCluster := map[string]string{}
	for _, c := range clusters {
		for _, m := range c.Members {
			inCluster[m] = c.ID
		}
	}
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, p := range pairs {
		cluster := ""
		if c := inCluster[p.A]; c == inCluster[p.B] {
			cluster = c
		}
		jaccard := strconv.FormatFloat(report.Round(p.Match.Jaccard), 'f', -1, 64)
		if len(p.Match.Passages) == 0 {
			if err := cw.Write([]string{p.A, p.B, "", "", "", "", "", jaccard, cluster}); err != nil {
				return err
			}
			continue
		}
		for _, ps := range p.Match.Passages {
			row := []string{p.A, p.B,
				strconv.Itoa(ps.OtherStart), strconv.Itoa(ps.OtherEnd),
				strconv.Itoa(ps.Start), strconv.Itoa(ps.End),
				strconv.Itoa(ps.Words), jaccard, cluster}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
