package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsreuse/dedupe"
)

func TestDecodeDocument(t *testing.T) {
	doc, err := decodeDocument([]byte(`{"id":"a","text":"x <b>y</b>","time":"2024-05-12T09:30:00.5+02:00","html":true,"url":"ignored"}`))
	require.NoError(t, err)
	assert.Equal(t, dedupe.Document{ID: "a", Text: []byte("x <b>y</b>"), HTML: true, Time: time.Date(2024, 5, 12, 7, 30, 0, 5e8, time.UTC)}, dedupe.Document{ID: doc.ID, Text: doc.Text, HTML: doc.HTML, Time: doc.Time.UTC()})
	doc, err = decodeDocument([]byte(`{"id":"a","text":"","time":1715506200.25}`))
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 5, 12, 9, 30, 0, 25e7, time.UTC), doc.Time)
	assert.Empty(t, doc.Text)
	_, err = decodeDocument([]byte(`{"id":"` + strings.Repeat("i", maxIDBytes+1) + `","text":"y"}`))
	assert.EqualError(t, err, `field "id" is longer than the limit of 4096 bytes`)
	doc, err = decodeDocument([]byte(`{"id":"a","text":5}`))
	assert.EqualError(t, err, `field "text" must be a string, not a number`)
	assert.Equal(t, "a", doc.ID) // named in the error answer
}

// FuzzDecodeDocument checks that any body decodes to a document or an
// error, never a panic, and that a document decoded is one that could be
// posted: a non-empty ID within the limit, and valid UTF-8.
func FuzzDecodeDocument(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"b"}`, `{"id":"a","text":"b","time":"2024-05-12T09:30:00Z","html":true}`,
		`{"id":"a","text":"b","time":-1.5e9}`, `{"id":"","text":"b"}`, `{"id":1,"text":"b"}`,
		`{"id":"a","text":"\ud800\u00e9"}`, "{\"id\":\"a\",\"text\":\"\xff\"}", `[1]`, `null`, `{"id":"a","text":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := decodeDocument(b)
		if err != nil {
			if doc.ID != "" && !utf8.ValidString(doc.ID) {
				t.Fatalf("ID %q not UTF-8 with error %v", doc.ID, err)
			}
			return
		}
		if doc.ID == "" || len(doc.ID) > maxIDBytes || !utf8.ValidString(doc.ID) || !utf8.Valid(doc.Text) {
			t.Fatalf("decoded %q %q from %q", doc.ID, doc.Text, b)
		}
		if !json.Valid(b) {
			t.Fatalf("decoded a document from invalid JSON %q", b)
		}
	})
}

// fuzzHandler is the Handler FuzzPost posts to, made once per process
// (New costs 4.5 ms): IDs posted before make 409s, which are checked too.
var fuzzHandler = sync.OnceValue(func() *Handler {
	return New(dedupe.New(dedupe.Options{MaxDocumentBytes: 1 << 10}), Options{MaxBodyBytes: 1 << 12})
})

// FuzzPost posts any body, as one document and as JSON lines, to a
// Handler and checks that the answer is JSON with a status below 500;
// that a batch answers a line per line of the body that is not blank; and
// that the Detector gained exactly the documents answered as added.
func FuzzPost(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"the quick brown fox jumps over the lazy dog"}`))
	f.Add([]byte("{\"id\":\"a\",\"text\":\"x\"}\n\n{\"id\":\"a\",\"text\":\"y\"}\n{\"id\":\"b\",\"text\":7}\r\n{"))
	f.Add([]byte("\xff\n{}\n[]\n\"s\"\nnull\n{\"id\":\"c\",\"text\":\"z\",\"time\":\"now\"}"))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, ct := range []string{typeJSON, typeNDJSON} {
			h := fuzzHandler()
			d := h.det.Load()
			before := d.Len()
			req := httptest.NewRequest("POST", "/v1/documents", bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s: %d %s", ct, rec.Code, rec.Body)
			}
			var answers [][]byte
			sc := bufio.NewScanner(rec.Body)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				if !json.Valid(sc.Bytes()) {
					t.Fatalf("%s: answer line %q is not JSON", ct, sc.Bytes())
				}
				answers = append(answers, bytes.Clone(sc.Bytes()))
			}
			added := 0
			for _, a := range answers {
				var m map[string]any
				require.NoError(t, json.Unmarshal(a, &m))
				if _, ok := m["error"]; !ok {
					added++
					_, held := d.Document(m["id"].(string))
					assert.True(t, held, "%s", a)
				}
			}
			assert.Equal(t, added, d.Len()-before, "%s: %q", ct, answers)
			if ct == typeNDJSON && rec.Code == http.StatusOK {
				nonBlank := 0
				for _, line := range bytes.Split(body, []byte("\n")) {
					if len(bytes.TrimSpace(line)) > 0 {
						nonBlank++
					}
				}
				assert.Len(t, answers, nonBlank)
			}
		}
	})
}
