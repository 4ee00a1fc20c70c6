package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/synth"
)

// listen serves h on a loopback port with h's HTTPServer and returns the
// address.
func listen(t *testing.T, h *Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := h.HTTPServer("")
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// TestSlowClient checks that a client sending a byte at a time, in its
// headers or in its body, is cut off by the read timeouts, while a
// request sent at once is served.
func TestSlowClient(t *testing.T) {
	h := New(dedupe.New(dedupe.Options{}), Options{ReadTimeout: 400 * time.Millisecond})
	addr := listen(t, h)
	doc := `{"id":"x","text":"y"}`
	head := fmt.Sprintf("POST /v1/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(doc))
	for _, c := range []struct {
		name       string
		fast, slow string // sent at once, then a byte every 50 ms
	}{
		{"headers", "", head + doc},
		{"body", head, doc},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			require.NoError(t, err)
			defer conn.Close()
			start := time.Now()
			_, err = io.WriteString(conn, c.fast)
			require.NoError(t, err)
			for i := 0; i < len(c.slow); i++ {
				if _, err = conn.Write([]byte{c.slow[i]}); err != nil {
					break
				}
				time.Sleep(50 * time.Millisecond)
				if time.Since(start) > 5*time.Second {
					t.Fatal("still connected after 5 s")
				}
			}
			// Cut off: the server closed the connection, with or
			// without an answer, before the request was whole.
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			b, _ := io.ReadAll(conn)
			assert.NotContains(t, string(b), "200 OK")
			assert.Less(t, time.Since(start), 3*time.Second)
			_, ok := h.det.Load().Document("x")
			assert.False(t, ok)
		})
	}
	resp, err := http.Post("http://"+addr+"/v1/documents", typeJSON, strings.NewReader(doc))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
}

// TestAnswersOracle posts a generated corpus one document at a time, and
// again as one batch, and checks the answers against a Detector given the
// same documents by the library: the records of its Results.
func TestAnswersOracle(t *testing.T) {
	c := synth.Generate(synth.Options{Seed: 4, Stories: 40})
	var docs []dedupe.Document
	var batch bytes.Buffer
	for _, d := range c.Docs {
		docs = append(docs, dedupe.Document{ID: d.ID, Text: []byte(d.Text), Time: d.Time})
		b, err := json.Marshal(map[string]any{"id": d.ID, "text": d.Text, "time": d.Time})
		require.NoError(t, err)
		batch.Write(append(b, '\n'))
	}
	lib := dedupe.New(dedupe.Options{})
	var want []added
	for i, doc := range docs {
		res, err := lib.Add(doc)
		require.NoError(t, err)
		a := answer(res)
		a.Line = i + 1
		want = append(want, a)
	}
	require.NotEmpty(t, lib.Pairs())

	url, _ := serve(t, dedupe.Options{}, Options{})
	for i, line := range bytes.SplitAfter(batch.Bytes(), []byte("\n"))[:len(docs)] {
		code, body := do(t, "POST", url+"/v1/documents", typeJSON, line)
		require.Equal(t, 200, code, "%s", body)
		var got added
		require.NoError(t, json.Unmarshal(body, &got))
		got.Line = i + 1
		require.Equal(t, want[i], got, docs[i].ID)
	}

	url, _ = serve(t, dedupe.Options{}, Options{})
	code, body := do(t, "POST", url+"/v1/documents", typeNDJSON, batch.Bytes())
	require.Equal(t, 200, code)
	dec := json.NewDecoder(bytes.NewReader(body))
	for i := range docs {
		var got added
		require.NoError(t, dec.Decode(&got))
		require.Equal(t, want[i], got, docs[i].ID)
	}
}

// TestNoPrometheusInRoot checks that the root package, which library
// users import, does not depend on the Prometheus client: only this
// package does.
func TestNoPrometheusInRoot(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/newsreuse/dedupe").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.NotContains(t, string(out), "prometheus")
	assert.Contains(t, string(out), "github.com/newsreuse/dedupe\n")
}
