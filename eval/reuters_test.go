package eval

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoadJSONL(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "docs.jsonl.gz") // gzip detected by content, not name
	writeDocsGz(t, path, [2]string{"a", "x"}, [2]string{"b", ""})
	docs, err := LoadJSONL(path)
	if err != nil || !reflect.DeepEqual(docs, []Doc{{ID: "a", Text: "x"}, {ID: "b"}}) {
		t.Fatalf("LoadJSONL = %v, %v", docs, err)
	}
	plain := filepath.Join(dir, "plain.jsonl")
	writeFile(t, plain, `{"id": 7, "text": "t", "date": "26-FEB-1987"}`+"\n\n"+`{"id": "x", "time": "2024-01-01", "date": "d"}`+"\n")
	docs, err = LoadJSONL(plain)
	if err != nil || !reflect.DeepEqual(docs, []Doc{{"7", "t", "26-FEB-1987"}, {"x", "", "2024-01-01"}}) {
		t.Fatalf("LoadJSONL = %v, %v", docs, err)
	}
	for _, bad := range []string{`{"text": "t"}`, `{"id": null}`, `{"id": [1]}`, `{"id": ""}`, `{"id": 1`} {
		writeFile(t, plain, `{"id": 1}`+"\n"+bad+"\n")
		if _, err := LoadJSONL(plain); err == nil || !strings.Contains(err.Error(), "plain.jsonl line 2") {
			t.Errorf("%s: err %v", bad, err)
		}
	}
	if _, err := LoadJSONL(filepath.Join(dir, "missing")); err == nil || !strings.HasPrefix(err.Error(), "eval: ") {
		t.Errorf("missing file: %v", err)
	}
}

func TestExactGroups(t *testing.T) {
	docs := []Doc{{Text: "A b"}, {Text: "c"}, {Text: "a  B"}, {Text: ""}, {Text: " "}, {Text: "C"}, {Text: "a b"}, {Text: "d"}}
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	got := ExactGroups(docs, norm)
	if want := [][]int{{0, 2, 6}, {1, 5}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ExactGroups = %v, want %v", got, want)
	}
	if got := ExactGroups(docs, nil); len(got) != 0 {
		t.Errorf("identity: %v", got)
	}
}

func TestGroupsFoundWhole(t *testing.T) {
	exact := [][]int{{0, 2, 6}, {1, 5}, {3, 4}}
	found := [][]int{{9, 6, 0, 2}, {1}, {5}, {3, 4}, {4, 3}}
	if whole, total := GroupsFoundWhole(exact, found); whole != 2 || total != 3 {
		t.Errorf("GroupsFoundWhole = %d/%d, want 2/3", whole, total)
	}
	if whole, total := GroupsFoundWhole(exact, nil); whole != 0 || total != 3 {
		t.Errorf("nothing found: %d/%d", whole, total)
	}
}

func TestReutersCorpus(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t, "reuters-21578")
	docs, err := LoadJSONL(filepath.Join(dir, "reuters21578.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for _, d := range docs {
		if d.Text != "" {
			nonEmpty++
		}
	}
	if len(docs) != 21578 || nonEmpty != 19779 || docs[0].ID != "1" || docs[0].Time == "" {
		t.Errorf("%d docs, %d with text, first %+v", len(docs), nonEmpty, docs[0].ID)
	}
	// README: identical lower-cased word (\w+) sequences form 362 groups
	// covering 729 stories.
	notWord := func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_')
	}
	words := func(s string) string { return strings.Join(strings.FieldsFunc(strings.ToLower(s), notWord), " ") }
	groups := ExactGroups(docs, words)
	members := 0
	for _, g := range groups {
		members += len(g)
	}
	t.Logf("%d exact groups, %d stories", len(groups), members)
	if len(groups) != 362 || members != 729 {
		t.Errorf("%d groups of %d stories; README reports 362 of 729", len(groups), members)
	}
	if whole, total := GroupsFoundWhole(groups, groups); whole != total {
		t.Errorf("groups found in themselves: %d/%d", whole, total)
	}
}
