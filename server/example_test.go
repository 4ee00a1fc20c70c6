package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/server"
)

// A Go service mounts the Handler under its own mux; here over a
// Detector in memory (dedupe.Open gives a durable one).
func Example() {
	d := dedupe.New(dedupe.Options{})
	mux := http.NewServeMux()
	mux.Handle("/dedupe/", http.StripPrefix("/dedupe", server.New(d, server.Options{})))
	ts := httptest.NewServer(mux)
	defer ts.Close()

	wire := "Armenia and Azerbaijan have been locked in a decades-old dispute over Nagorno-Karabakh, a region that lies within Azerbaijan but was under the control of ethnic Armenian forces backed by Armenia since a separatist war there ended in 1994."
	for _, doc := range []string{
		`{"id": "wire", "text": "` + wire + `"}`,
		`{"id": "local", "text": "Talks were held on Friday. ` + wire + `"}`,
	} {
		resp, err := http.Post(ts.URL+"/dedupe/v1/documents", "application/json", strings.NewReader(doc))
		if err != nil {
			panic(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Print(resp.StatusCode, " ", string(b))
	}
	// Output:
	// 200 {"id":"wire","cluster":"","words":38,"pairs":[]}
	// 200 {"id":"local","cluster":"c1","words":43,"pairs":[{"type":"pair","a":"wire","b":"local","jaccard":0.8718,"near_duplicate":true,"words":38,"passages":[{"a_start":0,"a_end":237,"b_start":27,"b_end":264,"words":38}]}]}
}
