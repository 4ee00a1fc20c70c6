package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsreuse/dedupe"
)

// serve starts a Handler over a persistent Detector in a new directory,
// with the Detector's options o, and returns the test server's URL and
// the Detector.
func serve(t *testing.T, o dedupe.Options, opts Options) (string, *dedupe.Detector) {
	t.Helper()
	d, err := dedupe.Open(t.TempDir(), o, dedupe.StoreOptions{})
	require.NoError(t, err)
	ts := httptest.NewServer(New(d, opts))
	t.Cleanup(func() {
		ts.Close()
		assert.NoError(t, d.Close())
	})
	return ts.URL, d
}

// do sends a request and returns the status code and the body.
func do(t *testing.T, method, url, contentType string, body []byte, header ...string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// seed returns the JSON of the sample article name of testdata/seeds.
func seed(t *testing.T, id, name string) []byte {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name))
	require.NoError(t, err)
	b, err := json.Marshal(map[string]string{"id": id, "text": string(text)})
	require.NoError(t, err)
	return b
}

// TestSeeds walks the README's quick start: two stories that share the AP
// passage, the lookup of each and of their cluster, and a deletion.
func TestSeeds(t *testing.T) {
	url, _ := serve(t, dedupe.Options{}, Options{})
	code, body := do(t, "POST", url+"/v1/documents", typeJSON, seed(t, "ap", "000_0f95fddf84ee6d2d.txt"))
	require.Equal(t, 200, code, "%s", body)
	assert.JSONEq(t, `{"id":"ap","cluster":"","words":`+fmt.Sprint(words(t, body))+`,"pairs":[]}`, string(body))

	code, body = do(t, "POST", url+"/v1/documents", "application/json; charset=utf-8", seed(t, "iran-daily", "002_9b9c189b77a28c48.txt"))
	require.Equal(t, 200, code, "%s", body)
	var a added
	require.NoError(t, json.Unmarshal(body, &a))
	assert.Equal(t, "iran-daily", a.ID)
	assert.Equal(t, "c1", a.Cluster)
	require.Len(t, a.Pairs, 1)
	p := a.Pairs[0]
	assert.Equal(t, "ap", p.A)
	assert.Equal(t, "iran-daily", p.B)
	require.Len(t, p.Passages, 1)
	assert.GreaterOrEqual(t, p.Passages[0].Words, 100) // the 108 words of AP background

	code, body = do(t, "GET", url+"/v1/documents/ap", "", nil)
	require.Equal(t, 200, code)
	var doc document
	require.NoError(t, json.Unmarshal(body, &doc))
	assert.Equal(t, "c1", doc.Cluster)
	assert.Equal(t, a.Pairs, doc.Pairs)

	code, body = do(t, "GET", url+"/v1/clusters/c1", "", nil)
	require.Equal(t, 200, code)
	var c clusterAnswer
	require.NoError(t, json.Unmarshal(body, &c))
	assert.Equal(t, []string{"ap", "iran-daily"}, c.Members)
	assert.Equal(t, a.Pairs, c.Pairs)

	code, _ = do(t, "DELETE", url+"/v1/documents/ap", "", nil)
	assert.Equal(t, 204, code)
	code, body = do(t, "DELETE", url+"/v1/documents/ap", "", nil)
	assert.Equal(t, 404, code)
	assert.JSONEq(t, `{"error":"no document \"ap\""}`, string(body))
	code, _ = do(t, "GET", url+"/v1/documents/ap", "", nil)
	assert.Equal(t, 404, code)
	code, _ = do(t, "GET", url+"/v1/clusters/c1", "", nil)
	assert.Equal(t, 404, code)
	code, body = do(t, "GET", url+"/v1/documents/iran-daily", "", nil)
	require.Equal(t, 200, code)
	assert.JSONEq(t, `{"id":"iran-daily","cluster":"","words":`+fmt.Sprint(words(t, body))+`,"pairs":[]}`, string(body))
}

func words(t *testing.T, body []byte) int {
	var a struct{ Words int }
	require.NoError(t, json.Unmarshal(body, &a))
	return a.Words
}

// TestSlashID checks that an ID may hold a "/", escaped or not.
func TestSlashID(t *testing.T) {
	url, _ := serve(t, dedupe.Options{}, Options{})
	code, body := do(t, "POST", url+"/v1/documents", typeJSON, []byte(`{"id":"outlet/a b.txt","text":"x"}`))
	require.Equal(t, 200, code, "%s", body)
	for _, path := range []string{"outlet/a%20b.txt", "outlet%2Fa%20b.txt"} {
		code, body = do(t, "GET", url+"/v1/documents/"+path, "", nil)
		assert.Equal(t, 200, code, "%s: %s", path, body)
	}
	code, _ = do(t, "DELETE", url+"/v1/documents/outlet%2Fa%20b.txt", "", nil)
	assert.Equal(t, 204, code)
}

// TestBadInput posts each kind of bad input alone and checks its status,
// that its message names what is wrong, and that nothing of the document
// was added.
func TestBadInput(t *testing.T) {
	url, d := serve(t, dedupe.Options{MaxDocumentBytes: 1000}, Options{MaxBodyBytes: 4000})
	code, body := do(t, "POST", url+"/v1/documents", typeJSON, []byte(`{"id":"dup","text":"the first text of this ID"}`))
	require.Equal(t, 200, code, "%s", body)
	for _, c := range []struct {
		name, contentType, body string
		code                    int
		msg                     string
	}{
		{"malformed JSON", typeJSON, `{"id":"x","text":"y"`, 400, "malformed JSON"},
		{"malformed JSON offset", typeJSON, `{"id":"x",,"text":"y"}`, 400, "at byte 11"},
		{"trailing data", typeJSON, `{"id":"x","text":"y"} {}`, 400, "malformed JSON"},
		{"not an object", typeJSON, `["x","y"]`, 400, "want a JSON object"},
		{"a string", typeJSON, `"x"`, 400, "want a JSON object"},
		{"null", typeJSON, `null`, 400, `field "id" is missing`},
		{"empty body", typeJSON, ``, 400, "empty"},
		{"missing id", typeJSON, `{"text":"y"}`, 400, `field "id" is missing`},
		{"null id", typeJSON, `{"id":null,"text":"y"}`, 400, `field "id" is missing`},
		{"empty id", typeJSON, `{"id":"","text":"y"}`, 400, `field "id" is empty`},
		{"numeric id", typeJSON, `{"id":12,"text":"y"}`, 400, `field "id" must be a string, not a number`},
		{"missing text", typeJSON, `{"id":"x"}`, 400, `field "text" is missing`},
		{"numeric text", typeJSON, `{"id":"x","text":3}`, 400, `field "text" must be a string, not a number`},
		{"object text", typeJSON, `{"id":"x","text":{"a":1}}`, 400, `field "text" must be a string, not an object`},
		{"array text", typeJSON, `{"id":"x","text":["a"]}`, 400, `field "text" must be a string, not an array`},
		{"invalid UTF-8 in text", typeJSON, "{\"id\":\"x\",\"text\":\"caf\xe9\"}", 400, "invalid UTF-8 at byte 21"},
		{"invalid UTF-8 in id", typeJSON, "{\"id\":\"x\xff\",\"text\":\"y\"}", 400, "invalid UTF-8 at byte 8"},
		{"bad time", typeJSON, `{"id":"x","text":"y","time":"yesterday"}`, 400, `field "time" "yesterday" is not an RFC 3339 time`},
		{"time of another type", typeJSON, `{"id":"x","text":"y","time":true}`, 400, `field "time" must be an RFC 3339 string or Unix seconds, not a boolean`},
		{"time out of range", typeJSON, `{"id":"x","text":"y","time":1e300}`, 400, `field "time" 1e300 is out of range`},
		{"bad html", typeJSON, `{"id":"x","text":"y","html":"yes"}`, 400, `field "html" must be true or false, not a string`},
		{"duplicate ID", typeJSON, `{"id":"dup","text":"another text"}`, 409, "duplicate document ID"},
		{"document too large", typeJSON, `{"id":"x","text":"` + strings.Repeat("word ", 201) + `"}`, 413, "too large"},
		{"body too large", typeJSON, `{"id":"x","text":"` + strings.Repeat("word ", 900) + `"}`, 413, "larger than the limit of 4000 bytes"},
		{"wrong content type", "text/plain", `{"id":"x","text":"y"}`, 415, `Content-Type "text/plain" not accepted: application/json (one document) or application/x-ndjson`},
		{"no content type", "", `{"id":"x","text":"y"}`, 415, `Content-Type "" not accepted`},
		{"bad content type", "application/json; charset", `{"id":"x","text":"y"}`, 415, "not accepted"},
		{"empty batch", typeNDJSON, "\n \n", 400, "no document in the body"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := d.Stats().Documents
			code, body := do(t, "POST", url+"/v1/documents", c.contentType, []byte(c.body))
			assert.Equal(t, c.code, code, "%s", body)
			var e errorAnswer
			require.NoError(t, json.Unmarshal(body, &e), "%s", body)
			assert.Contains(t, e.Error, c.msg)
			assert.Equal(t, before, d.Stats().Documents)
			if c.name != "duplicate ID" {
				_, ok := d.Document("x")
				assert.False(t, ok)
			}
		})
	}
	info, ok := d.Document("dup")
	require.True(t, ok)
	assert.Equal(t, 6, info.Words) // the first text's, kept
}

// TestBatch posts JSON lines with good, bad, blank and repeated lines and
// checks each line's answer, and that the bad ones added nothing.
func TestBatch(t *testing.T) {
	url, d := serve(t, dedupe.Options{}, Options{})
	ap, iran := seed(t, "ap", "000_0f95fddf84ee6d2d.txt"), seed(t, "iran-daily", "002_9b9c189b77a28c48.txt")
	batch := bytes.Join([][]byte{
		ap,
		[]byte(`{"id":"bad","text":7}`),
		nil,
		[]byte("  \r"),
		iran,
		[]byte(`{"id":"ap","text":"the same ID again"}`),
		[]byte(`{"id":"last","text":"a short one"}` + "\r"),
	}, []byte("\n"))
	code, body := do(t, "POST", url+"/v1/documents", typeNDJSON, batch)
	require.Equal(t, 200, code, "%s", body)
	var lines []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m), sc.Text())
		lines = append(lines, m)
	}
	require.Len(t, lines, 5)
	assert.Equal(t, map[string]any{"line": 1.0, "id": "ap", "cluster": "", "words": lines[0]["words"], "pairs": []any{}}, lines[0])
	assert.Equal(t, map[string]any{"line": 2.0, "id": "bad", "status": 400.0, "error": `line 2: field "text" must be a string, not a number`}, lines[1])
	assert.Equal(t, 5.0, lines[2]["line"])
	assert.Equal(t, "c1", lines[2]["cluster"])
	assert.Len(t, lines[2]["pairs"], 1)
	assert.Equal(t, 6.0, lines[3]["line"])
	assert.Equal(t, 409.0, lines[3]["status"])
	assert.Contains(t, lines[3]["error"], "line 6: dedupe: duplicate document ID")
	assert.Equal(t, 7.0, lines[4]["line"])
	assert.Equal(t, "last", lines[4]["id"])
	assert.Equal(t, 3, d.Stats().Documents)
	_, ok := d.Document("bad")
	assert.False(t, ok)
}

// TestAuth checks the bearer token on every route but the public ones.
func TestAuth(t *testing.T) {
	url, _ := serve(t, dedupe.Options{}, Options{Token: "s3cret"})
	doc := []byte(`{"id":"x","text":"y"}`)
	for _, auth := range []string{"", "Bearer", "Bearer wrong", "bearer s3cret", "Basic s3cret", "Bearer s3cret2"} {
		code, body := do(t, "POST", url+"/v1/documents", typeJSON, doc, "Authorization", auth)
		assert.Equal(t, 401, code, "%q", auth)
		assert.Contains(t, string(body), "bearer token")
		code, _ = do(t, "GET", url+"/metrics", "", nil, "Authorization", auth)
		assert.Equal(t, 401, code, "%q", auth)
	}
	code, _ := do(t, "POST", url+"/v1/documents", typeJSON, doc, "Authorization", "Bearer s3cret")
	assert.Equal(t, 200, code)
	code, _ = do(t, "GET", url+"/v1/documents/x", "", nil, "Authorization", "Bearer s3cret")
	assert.Equal(t, 200, code)
	code, _ = do(t, "GET", url+"/healthz", "", nil)
	assert.Equal(t, 200, code)
	code, _ = do(t, "GET", url+"/openapi.json", "", nil)
	assert.Equal(t, 200, code)
}

// TestOpening checks the answers of a Handler whose Detector is being
// opened, and then attached.
func TestOpening(t *testing.T) {
	h := New(nil, Options{})
	ts := httptest.NewServer(h)
	defer ts.Close()
	code, body := do(t, "GET", ts.URL+"/healthz", "", nil)
	assert.Equal(t, 503, code)
	assert.JSONEq(t, `{"status":"opening"}`, string(body))
	code, body = do(t, "POST", ts.URL+"/v1/documents", typeJSON, []byte(`{"id":"x","text":"y"}`))
	assert.Equal(t, 503, code)
	assert.Contains(t, string(body), "opening the index")
	code, _ = do(t, "GET", ts.URL+"/metrics", "", nil)
	assert.Equal(t, 200, code)

	h.Attach(dedupe.New(dedupe.Options{}))
	code, body = do(t, "GET", ts.URL+"/healthz", "", nil)
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"status":"serving"}`, string(body))
	code, _ = do(t, "POST", ts.URL+"/v1/documents", typeJSON, []byte(`{"id":"x","text":"y"}`))
	assert.Equal(t, 200, code)
}

// TestRouting checks the JSON answers to an unknown path and a known
// path with another method.
func TestRouting(t *testing.T) {
	url, _ := serve(t, dedupe.Options{}, Options{})
	code, body := do(t, "GET", url+"/v2/nothing", "", nil)
	assert.Equal(t, 404, code)
	assert.JSONEq(t, `{"error":"no route GET /v2/nothing (see /openapi.json)"}`, string(body))
	req, _ := http.NewRequest("PUT", url+"/v1/documents", nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 405, resp.StatusCode)
	assert.Equal(t, "POST", resp.Header.Get("Allow"))
	assert.JSONEq(t, `{"error":"method PUT not allowed on /v1/documents: POST"}`, string(body))
	code, _ = do(t, "POST", url+"/v1/documents/x", typeJSON, nil)
	assert.Equal(t, 405, code)
	code, _ = do(t, "GET", url+"/v1/documents/", "", nil)
	assert.Equal(t, 404, code) // no ID
}

// TestMetrics checks the metrics after a few requests.
func TestMetrics(t *testing.T) {
	url, _ := serve(t, dedupe.Options{}, Options{})
	do(t, "POST", url+"/v1/documents", typeJSON, seed(t, "ap", "000_0f95fddf84ee6d2d.txt"))
	do(t, "POST", url+"/v1/documents", typeJSON, seed(t, "iran-daily", "002_9b9c189b77a28c48.txt"))
	do(t, "POST", url+"/v1/documents", typeJSON, seed(t, "ap", "000_0f95fddf84ee6d2d.txt"))
	do(t, "POST", url+"/v1/documents", typeJSON, []byte(`{"id":1}`))
	do(t, "DELETE", url+"/v1/documents/iran-daily", "", nil)
	code, body := do(t, "GET", url+"/metrics", "", nil)
	require.Equal(t, 200, code)
	for _, line := range []string{
		"dedupe_documents 1",
		"dedupe_clusters 0",
		"dedupe_deletes_total 1",
		"dedupe_evictions_total 0",
		"dedupe_compactions_total 0",
		`dedupe_adds_total{outcome="added"} 2`,
		`dedupe_adds_total{outcome="duplicate_id"} 1`,
		`dedupe_adds_total{outcome="invalid"} 1`,
		`dedupe_adds_total{outcome="too_large"} 0`,
		"dedupe_add_duration_seconds_count 2",
		`dedupe_http_requests_total{code="200",route="POST /v1/documents"} 2`,
		`dedupe_http_requests_total{code="409",route="POST /v1/documents"} 1`,
		`dedupe_http_requests_total{code="204",route="DELETE /v1/documents/{id...}"} 1`,
		`dedupe_http_request_duration_seconds_count{route="POST /v1/documents"} 4`,
		"go_goroutines ",
	} {
		assert.Contains(t, string(body), "\n"+line, line)
	}
	assert.Regexp(t, `\ndedupe_disk_bytes [1-9]`, string(body))
	assert.Regexp(t, `\ndedupe_memory_bytes [1-9]`, string(body))
}

// TestOpenAPI checks that openapi.json describes the routes the Handler
// serves, no more and no fewer.
func TestOpenAPI(t *testing.T) {
	var spec struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(openAPI, &spec))
	assert.True(t, strings.HasPrefix(spec.OpenAPI, "3."))
	var described, served []string
	for path, item := range spec.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options", "trace":
				described = append(described, strings.ToUpper(method)+" "+path)
			}
		}
	}
	for _, rt := range routes {
		served = append(served, strings.ReplaceAll(rt.pattern, "...}", "}"))
	}
	assert.ElementsMatch(t, served, described)
}
