// Package server serves a dedupe.Detector over HTTP: a JSON API that adds
// documents and answers, for each, what it copies and its cluster; that
// looks up and deletes documents and looks up clusters; a health check;
// and Prometheus metrics. The command dedupe serve is built on it, and a
// Go service can mount a Handler on its own mux.
//
// # Routes
//
//	POST   /v1/documents        add one document (application/json) or many
//	                            (application/x-ndjson, one a line)
//	GET    /v1/documents/{id}   what the document shares, its cluster
//	DELETE /v1/documents/{id}   forget the document
//	GET    /v1/clusters/{id}    a cluster's members, source and pairs
//	GET    /healthz             200 when serving, 503 while opening
//	GET    /metrics             Prometheus text format
//	GET    /openapi.json        the OpenAPI 3 description of the routes
//
// Answers are JSON in the records of package report, the field names of
// dedupe -format json. Errors are {"error": "..."} with a 4xx status naming
// the field, line or limit (5xx for a failure of the store); a document
// refused is not added. docs/api.md in the repository describes each route
// with examples.
//
// A document is acknowledged (its answer written) only once Add or AddAll
// returned it, that is, on a persistent Detector made by dedupe.Open with
// the zero StoreOptions, once it is durable.
package server

import (
	"bytes"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"log"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/newsreuse/dedupe"
)

// Options configure a Handler. The zero Options is usable: every zero
// field takes the default given with it.
type Options struct {
	// MaxBodyBytes is the largest request body read; a larger one is
	// refused with 413 and nothing of it is added. 0 means 32 MiB. Each
	// document is bounded apart from it by the Detector's
	// dedupe.Options.MaxDocumentBytes.
	MaxBodyBytes int64
	// Token, if not empty, must come with every request but those of
	// /healthz as "Authorization: Bearer <Token>"; a request without it
	// gets 401.
	Token string
	// ReadTimeout, WriteTimeout and IdleTimeout configure the http.Server
	// that HTTPServer returns: reading a whole request, writing its
	// answer, and keeping an idle connection open. 0 means 1 minute, 1
	// minute and 2 minutes. Headers must arrive within 10 seconds, or
	// ReadTimeout if shorter: a client that sends a byte a second is cut
	// off.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// ErrorLog, if not nil, receives what goes wrong other than requests'
	// mistakes: a failure of the store, a connection's errors. nil means
	// the log package's standard logger.
	ErrorLog *log.Logger
}

func (o Options) withDefaults() Options {
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 32 << 20
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = time.Minute
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = time.Minute
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 2 * time.Minute
	}
	if o.ErrorLog == nil {
		o.ErrorLog = log.Default()
	}
	return o
}

// A Handler is an http.Handler serving a Detector. It is safe for
// concurrent use, as the Detector is: requests run concurrently.
type Handler struct {
	opts    Options
	det     atomic.Pointer[dedupe.Detector]
	mux     *http.ServeMux
	metrics *metrics
}

// New returns a Handler serving d with opts. A nil d makes a Handler that
// is opening: /healthz and the API answer 503 until Attach gives it its
// Detector, so that a server can listen while dedupe.Open replays a large
// index. The Handler does not close d: stop serving (http.Server's
// Shutdown) first, then close it.
func New(d *dedupe.Detector, opts Options) *Handler {
	h := &Handler{opts: opts.withDefaults(), mux: http.NewServeMux()}
	h.metrics = newMetrics(h)
	for _, rt := range routes {
		h.mux.Handle(rt.pattern, h.instrument(rt.pattern, rt.public, rt.serve(h)))
	}
	// Known paths with another method get 405, anything else 404, both
	// in JSON.
	allow := map[string][]string{}
	var paths []string
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if allow[path] == nil {
			paths = append(paths, path)
		}
		allow[path] = append(allow[path], method)
	}
	for _, path := range paths {
		methods := strings.Join(allow[path], ", ")
		h.mux.Handle(path, h.instrument("other", true, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", methods)
			writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on "+path+": "+methods)
		}))
	}
	h.mux.Handle("/", h.instrument("other", true, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no route "+r.Method+" "+r.URL.Path+" (see /openapi.json)")
	}))
	if d != nil {
		h.Attach(d)
	}
	return h
}

// Attach gives a Handler made opening (New with a nil Detector) the
// Detector to serve; it then answers requests.
func (h *Handler) Attach(d *dedupe.Detector) { h.det.Store(d) }

// ServeHTTP serves one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// HTTPServer returns an http.Server that serves h on addr (as
// http.Server.Addr) with the timeouts of h's Options and headers of at
// most 64 KiB.
func (h *Handler) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: min(10*time.Second, h.opts.ReadTimeout),
		ReadTimeout:       h.opts.ReadTimeout,
		WriteTimeout:      h.opts.WriteTimeout,
		IdleTimeout:       h.opts.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          h.opts.ErrorLog,
	}
}

// A route is one of the patterns the Handler serves.
type route struct {
	pattern string // method and path, as http.ServeMux takes them
	public  bool   // served without the token
	serve   func(h *Handler) http.HandlerFunc
}

// routes are the Handler's routes, which openapi.json describes
// (TestOpenAPI). An {id...} takes the rest of the path, so that an ID
// may hold a "/".
var routes = []route{
	{"POST /v1/documents", false, func(h *Handler) http.HandlerFunc { return h.needDetector(h.postDocuments) }},
	{"GET /v1/documents/{id...}", false, func(h *Handler) http.HandlerFunc { return h.needDetector(h.getDocument) }},
	{"DELETE /v1/documents/{id...}", false, func(h *Handler) http.HandlerFunc { return h.needDetector(h.deleteDocument) }},
	{"GET /v1/clusters/{id}", false, func(h *Handler) http.HandlerFunc { return h.needDetector(h.getCluster) }},
	{"GET /healthz", true, func(h *Handler) http.HandlerFunc { return h.healthz }},
	{"GET /metrics", false, func(h *Handler) http.HandlerFunc { return h.metrics.serve }},
	{"GET /openapi.json", true, func(h *Handler) http.HandlerFunc { return serveOpenAPI }},
}

//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}

// healthz answers 200 when the Handler has its Detector, 503 while it is
// opening.
func (h *Handler) healthz(w http.ResponseWriter, _ *http.Request) {
	if h.det.Load() == nil {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "opening"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "serving"})
}

// needDetector wraps a route that needs the Detector: while the Handler
// is opening, it answers 503.
func (h *Handler) needDetector(serve func(http.ResponseWriter, *http.Request, *dedupe.Detector)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d := h.det.Load()
		if d == nil {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusServiceUnavailable, "server: opening the index; retry shortly")
			return
		}
		serve(w, r, d)
	}
}

// instrument wraps a route's handler with the token check (unless the
// route is public) and counts the request by route and status code.
func (h *Handler) instrument(name string, public bool, serve http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		if public || h.authorized(r) {
			serve(sw, r)
		} else {
			sw.Header().Set("WWW-Authenticate", `Bearer realm="dedupe"`)
			writeError(sw, http.StatusUnauthorized, "missing or wrong bearer token (Authorization: Bearer <token>)")
		}
		h.metrics.request(name, sw.code, time.Since(start))
	})
}

// authorized reports whether r carries the token, in constant time.
func (h *Handler) authorized(r *http.Request) bool {
	if h.opts.Token == "" {
		return true
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(h.opts.Token)) == 1
}

// statusWriter records the status code written.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writeJSON writes v as the JSON answer with the status code.
// It escapes no HTML, as dedupe -format json does not.
func writeJSON(w http.ResponseWriter, code int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // the answers' types always encode
		code = http.StatusInternalServerError
		b.Reset()
		b.WriteString(`{"error":"server: encoding the answer"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// An errorAnswer is the body of every error: {"error": "..."}, with, for
// a line of a batch, the line, the document's ID if it was read, and the
// status the document alone would have had.
type errorAnswer struct {
	Line   int    `json:"line,omitempty"`
	ID     string `json:"id,omitempty"`
	Status int    `json:"status,omitempty"`
	Error  string `json:"error"`
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, errorAnswer{Error: msg})
}
