package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"time"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/report"
)

// An added is the answer for one document added: its ID, its cluster
// ("" if none), its words, the pairs with the earlier documents it copies
// or shares passages with (A the earlier document, B this one), and how
// many more copies of its very text were left unverified
// (dedupe.Result.Unverified). Line is the document's line in a batch.
type added struct {
	Line       int           `json:"line,omitempty"`
	ID         string        `json:"id"`
	Cluster    string        `json:"cluster"`
	Words      int           `json:"words"`
	Unverified int           `json:"unverified,omitempty"`
	Pairs      []report.Pair `json:"pairs"`
}

func answer(res dedupe.Result) added {
	a := added{ID: res.ID, Cluster: res.Cluster, Words: res.Words, Unverified: res.Unverified, Pairs: make([]report.Pair, 0, len(res.Matches))}
	for _, m := range res.Matches {
		a.Pairs = append(a.Pairs, report.NewMatch(m.ID, res.ID, m))
	}
	return a
}

// The content types of POST /v1/documents.
const (
	typeJSON   = "application/json"     // one document
	typeNDJSON = "application/x-ndjson" // JSON lines, a document each
)

// postDocuments adds one document or a batch of them, by content type.
// The whole body is read (up to Options.MaxBodyBytes) before anything is
// added, so that a body cut short or too large adds nothing.
func (h *Handler) postDocuments(w http.ResponseWriter, r *http.Request, d *dedupe.Detector) {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != typeJSON && mt != typeNDJSON {
		h.metrics.refused("invalid")
		writeError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %q not accepted: %s (one document) or %s (one a line)", ct, typeJSON, typeNDJSON))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes))
	if err != nil {
		h.metrics.refused("invalid")
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than the limit of %d bytes (-max-body); nothing added", tooLarge.Limit))
			return
		}
		writeError(w, http.StatusBadRequest, fmt.Sprintf("reading the request body: %v; nothing added", err))
		return
	}
	if mt == typeJSON {
		h.postOne(w, body, d)
		return
	}
	h.postBatch(w, body, d)
}

// postOne adds the document of body.
func (h *Handler) postOne(w http.ResponseWriter, body []byte, d *dedupe.Detector) {
	doc, err := decodeDocument(body)
	if err != nil {
		h.metrics.refused("invalid")
		writeJSON(w, http.StatusBadRequest, errorAnswer{ID: doc.ID, Error: err.Error()})
		return
	}
	start := time.Now()
	res, err := d.Add(doc)
	if err != nil {
		code := h.addFailed(err)
		writeJSON(w, code, errorAnswer{ID: doc.ID, Error: err.Error()})
		return
	}
	h.metrics.added(time.Since(start))
	writeJSON(w, http.StatusOK, answer(res))
}

// postBatch adds the documents of body, JSON lines, with AddAll, and
// answers JSON lines: for each line that is not blank, in order, the
// document's answer or its error (with the line number and the status
// the document alone would have had). A bad line adds nothing of its
// document; the others are added.
func (h *Handler) postBatch(w http.ResponseWriter, body []byte, d *dedupe.Detector) {
	var (
		lines []int // line numbers of the documents
		docs  []dedupe.Document
		out   []any // answers, by line that is not blank
		at    []int // indexes in out of the documents' answers
	)
	for n, line := 0, []byte(nil); len(body) > 0; {
		line, body, _ = bytes.Cut(body, []byte{'\n'})
		n++
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		doc, err := decodeDocument(line)
		if err != nil {
			h.metrics.refused("invalid")
			out = append(out, errorAnswer{Line: n, ID: doc.ID, Status: http.StatusBadRequest, Error: fmt.Sprintf("line %d: %v", n, err)})
			continue
		}
		lines = append(lines, n)
		docs = append(docs, doc)
		at = append(at, len(out))
		out = append(out, nil)
	}
	if len(out) == 0 {
		h.metrics.refused("invalid")
		writeError(w, http.StatusBadRequest, "no document in the body: want JSON lines, one document a line")
		return
	}
	i := 0
	start := time.Now()
	d.AddAll(slices.Values(docs), 0, func(res dedupe.Result, err error) bool {
		if err != nil {
			code := h.addFailed(err)
			out[at[i]] = errorAnswer{Line: lines[i], ID: docs[i].ID, Status: code, Error: fmt.Sprintf("line %d: %v", lines[i], err)}
		} else {
			h.metrics.added(time.Since(start))
			a := answer(res)
			a.Line = lines[i]
			out[at[i]] = a
		}
		i++
		return true
	})
	w.Header().Set("Content-Type", typeNDJSON)
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, a := range out {
		if err := enc.Encode(a); err != nil {
			return // the client went away
		}
	}
	bw.Flush()
}

// addFailed counts an Add that returned err and returns its status code:
// 409 for a duplicate ID, 413 for a document too large, 503 once the
// Detector is closed, and 500, logged, for a failure of the store.
func (h *Handler) addFailed(err error) int {
	switch {
	case errors.Is(err, dedupe.ErrDuplicateID):
		h.metrics.refused("duplicate_id")
		return http.StatusConflict
	case errors.Is(err, dedupe.ErrTooLarge):
		h.metrics.refused("too_large")
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, dedupe.ErrClosed):
		h.metrics.refused("failed")
		return http.StatusServiceUnavailable
	}
	h.metrics.refused("failed")
	h.opts.ErrorLog.Printf("server: %v", err)
	return http.StatusInternalServerError
}

// A document is the answer of GET /v1/documents/{id}: what the Detector
// knows of it (dedupe.DocumentInfo), its pairs with earlier documents (it
// is their B) and later ones (their A), in the order found.
type document struct {
	ID      string        `json:"id"`
	Time    string        `json:"time,omitempty"` // RFC 3339, if it has one
	Words   int           `json:"words"`
	Cluster string        `json:"cluster"`
	Pairs   []report.Pair `json:"pairs"`
}

func (h *Handler) getDocument(w http.ResponseWriter, r *http.Request, d *dedupe.Detector) {
	id := r.PathValue("id")
	info, ok := d.Document(id)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no document %q", id))
		return
	}
	doc := document{ID: info.ID, Words: info.Words, Cluster: info.Cluster, Pairs: make([]report.Pair, 0, len(info.Pairs))}
	if !info.Time.IsZero() {
		doc.Time = info.Time.Format(time.RFC3339Nano)
	}
	for _, p := range info.Pairs {
		doc.Pairs = append(doc.Pairs, report.NewPair(p))
	}
	writeJSON(w, http.StatusOK, doc)
}

func (h *Handler) deleteDocument(w http.ResponseWriter, r *http.Request, d *dedupe.Detector) {
	id := r.PathValue("id")
	err := d.Delete(id)
	switch {
	case err == nil:
		w.WriteHeader(http.StatusNoContent)
	case errors.Is(err, dedupe.ErrNotFound):
		writeError(w, http.StatusNotFound, fmt.Sprintf("no document %q", id))
	case errors.Is(err, dedupe.ErrClosed):
		writeError(w, http.StatusServiceUnavailable, err.Error())
	default:
		h.opts.ErrorLog.Printf("server: %v", err)
		writeError(w, http.StatusInternalServerError, err.Error())
	}
}

// A clusterAnswer is the answer of GET /v1/clusters/{id}: the cluster's
// record and the pairs between its members, in the order found.
type clusterAnswer struct {
	report.Cluster
	Pairs []report.Pair `json:"pairs"`
}

func (h *Handler) getCluster(w http.ResponseWriter, r *http.Request, d *dedupe.Detector) {
	id := r.PathValue("id")
	info, ok := d.Cluster(id)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no cluster %q", id))
		return
	}
	c := clusterAnswer{Cluster: report.NewCluster(info.Cluster), Pairs: make([]report.Pair, 0, len(info.Pairs))}
	for _, p := range info.Pairs {
		c.Pairs = append(c.Pairs, report.NewPair(p))
	}
	writeJSON(w, http.StatusOK, c)
}
