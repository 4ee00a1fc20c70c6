package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// A Doc is a document of a JSONL collection.
type Doc struct {
	ID   string // the "id" field, a string or a number
	Text string // the "text" field
	Time string // the "time" field, else "date" (e.g. Reuters' date); may be empty
}

// LoadJSONL reads the documents of a JSONL file, gzip-compressed or not
// (e.g. reuters21578.jsonl.gz): one JSON object a line with an "id" (string
// or number) and a "text" (a missing text is empty). Blank lines are
// skipped.
func LoadJSONL(path string) ([]Doc, error) {
	var docs []Doc
	err := forEachLine(path, func(line int, b []byte) error {
		if len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
		var d struct {
			ID   json.RawMessage `json:"id"`
			Text string          `json:"text"`
			Time string          `json:"time"`
			Date string          `json:"date"`
		}
		if err := json.Unmarshal(b, &d); err != nil {
			return fmt.Errorf("eval: %s line %d: %v", path, line, err)
		}
		id, err := jsonID(d.ID)
		if err != nil {
			return fmt.Errorf("eval: %s line %d: %v", path, line, err)
		}
		t := d.Time
		if t == "" {
			t = d.Date
		}
		docs = append(docs, Doc{ID: id, Text: d.Text, Time: t})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return docs, nil
}

// jsonID returns a JSON string or number as a string.
func jsonID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", fmt.Errorf("no id")
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("id: %v", err)
		}
		if s == "" {
			return "", fmt.Errorf("empty id")
		}
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", fmt.Errorf("id must be a string or a number, got %s", raw)
	}
	if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
		return strconv.FormatInt(i, 10), nil
	}
	return n.String(), nil
}

// ExactGroups returns the groups of at least two documents whose
// normalized texts are equal, as sorted indexes into docs, groups ordered
// by their first index. Documents whose normalized text is empty are left
// out. A nil normalize is the identity.
func ExactGroups(docs []Doc, normalize func(string) string) [][]int {
	if normalize == nil {
		normalize = func(s string) string { return s }
	}
	byText := map[string]int{} // normalized text -> group number
	var groups [][]int
	for i, d := range docs {
		k := normalize(d.Text)
		if k == "" {
			continue
		}
		g, ok := byText[k]
		if !ok {
			g = len(groups)
			byText[k] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g) >= 2 {
			out = append(out, g)
		}
	}
	return slices.Clip(out)
}

// GroupsFoundWhole counts the exact groups found whole: all their members
// are in one found group (which may hold more documents). total is
// len(exact). Indexes are those of ExactGroups; found groups may overlap.
func GroupsFoundWhole(exact [][]int, found [][]int) (whole, total int) {
	in := map[int][]int{} // document index -> found groups holding it
	for g, members := range found {
		for _, m := range members {
			if l := in[m]; len(l) == 0 || l[len(l)-1] != g {
				in[m] = append(l, g)
			}
		}
	}
	for _, members := range exact {
		if len(members) == 0 {
			continue
		}
		for _, g := range in[members[0]] {
			all := true
			for _, m := range members[1:] {
				if !slices.Contains(in[m], g) {
					all = false
					break
				}
			}
			if all {
				whole++
				break
			}
		}
	}
	return whole, len(exact)
}
