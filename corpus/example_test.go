package corpus_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/newsreuse/dedupe/corpus"
)

func ExampleReader() {
	dir, err := os.MkdirTemp("", "corpus-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	for name, content := range map[string]string{
		"wire/story.txt":    "Stocks rose on Tuesday.",
		"wire/story.html":   "<p>Stocks <b>rose</b> on Tuesday.</p>",
		"feeds/today.jsonl": `{"id":"feed-1","text":"Stocks rose.","time":"2024-05-14T09:30:00Z"}` + "\n" + `{"text":"no id"}`,
		"notes.pdf":         "skipped: not a corpus file",
		"broken.txt":        "caf\xe9",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}

	warn := func(err error) {
		var e *corpus.Error
		if errors.As(err, &e) {
			rel, _ := filepath.Rel(dir, e.Path)
			fmt.Println("warning:", filepath.ToSlash(rel), e.Err)
		}
	}
	r := corpus.NewReader([]string{dir}, corpus.Options{Warn: warn})
	defer r.Close()
	for r.Scan() {
		d := r.Doc()
		fmt.Printf("%s (%v, line %d, %d bytes) %s\n", d.ID, d.Format, d.Line, len(d.Content), d.Time.Format("2006-01-02"))
	}
	if err := r.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// warning: broken.txt invalid UTF-8 at byte 3; read as U+FFFD
	// broken.txt (text, line 0, 4 bytes) 0001-01-01
	// feed-1 (text, line 1, 12 bytes) 2024-05-14
	// warning: feeds/today.jsonl missing "id"
	// wire/story.html (html, line 0, 37 bytes) 0001-01-01
	// wire/story.txt (text, line 0, 23 bytes) 0001-01-01
}
