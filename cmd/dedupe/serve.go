package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/internal/optflag"
	"github.com/newsreuse/dedupe/server"
)

const serveUsage = `usage: dedupe serve -index DIR [flags]

dedupe serve keeps the documents in the index in DIR (created if need be,
as with dedupe -index) and serves it over HTTP: POST /v1/documents adds a
document (application/json) or many (application/x-ndjson) and answers,
for each, the earlier documents it copies or shares passages with, the
passages (byte offsets into both texts) and its cluster, in the records of
-format json, once the document is on disk; GET and DELETE
/v1/documents/{id}; GET /v1/clusters/{id}; GET /healthz (503 while the
index opens); GET /metrics (Prometheus); GET /openapi.json. docs/api.md
describes the API.

It listens on loopback by default. An address that is not loopback needs
-token-file (every request but /healthz and /openapi.json must then carry
"Authorization: Bearer <token>") or -insecure.

On SIGTERM or SIGINT it stops accepting connections, finishes the
requests in flight (up to -shutdown-timeout) and closes the index.

Exit status: 0 after a shutdown by signal, 2 on error.

Flags:
`

// runServe is dedupe serve: it returns the exit status.
func runServe(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("dedupe serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		fs.PrintDefaults()
	}
	var (
		index     = fs.String("index", "", "keep the documents in an index in `dir` (created if need be)")
		addr      = fs.String("addr", "127.0.0.1:8080", "listen on `host:port`")
		window    = fs.Duration("window", 0, "when the index is created: keep a window of news this long (72h, say): a document older than the newest document's time minus the window is forgotten (0: keep everything; an existing index keeps its own)")
		tokenFile = fs.String("token-file", "", "require \"Authorization: Bearer <token>\" with the token in `file` (white space around it ignored)")
		insecure  = fs.Bool("insecure", false, "allow an address that is not loopback without -token-file")
		maxBody   = optflag.Size(32 << 20)
		readTO    = fs.Duration("read-timeout", time.Minute, "longest time to read a request, headers and body")
		writeTO   = fs.Duration("write-timeout", time.Minute, "longest time to handle a request and write its answer")
		idleTO    = fs.Duration("idle-timeout", 2*time.Minute, "longest time an idle connection is kept open")
		shutdown  = fs.Duration("shutdown-timeout", 30*time.Second, "on SIGTERM or SIGINT, longest wait for the requests in flight")
	)
	fs.Var(&maxBody, "max-body", "largest request body `size` (bytes, or with a suffix: KiB, MiB, KB, MB); larger ones get 413 and add nothing")
	var opts dedupe.Options
	optflag.Register(fs, &opts)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "dedupe serve: "+format+"\n", a...)
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return fail("unexpected arguments %q: documents are posted to the server", fs.Args())
	case *index == "":
		return fail("-index is required: the directory of the index to serve")
	case *window < 0:
		return fail("-window %v out of range: a duration of 0 or more", *window)
	case *readTO <= 0 || *writeTO <= 0 || *idleTO <= 0 || *shutdown <= 0:
		return fail("-read-timeout, -write-timeout, -idle-timeout and -shutdown-timeout must be positive")
	}
	if err := optflag.Check("dedupe", opts); err != nil {
		return fail("%s", message("dedupe", err))
	}
	opts.Retention = *window
	var token string
	if *tokenFile != "" {
		b, err := os.ReadFile(*tokenFile)
		if err != nil {
			return fail("-token-file: %v", err)
		}
		if token = strings.TrimSpace(string(b)); token == "" {
			return fail("-token-file %s is empty", *tokenFile)
		}
	}
	if !isLoopback(*addr) && token == "" && !*insecure {
		return fail("-addr %s is not a loopback address: give -token-file (clients send its token) or -insecure", *addr)
	}
	logger := log.New(stderr, "dedupe serve: ", log.LstdFlags)
	h := server.New(nil, server.Options{
		MaxBodyBytes: int64(maxBody),
		Token:        token,
		ReadTimeout:  *readTO,
		WriteTimeout: *writeTO,
		IdleTimeout:  *idleTO,
		ErrorLog:     logger,
	})

	// Listen first, so that /healthz answers 503 while a large index is
	// replayed.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail("%v", err)
	}
	srv := h.HTTPServer(*addr)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Printf("listening on http://%s, opening %s", ln.Addr(), *index)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	start := time.Now()
	d, err := dedupe.Open(*index, opts, dedupe.StoreOptions{Warn: func(err error) { logger.Printf("warning: %v", err) }})
	if err != nil {
		srv.Close()
		return fail("%s", message("dedupe", err))
	}
	h.Attach(d)
	logger.Printf("serving %d documents of %s (opened in %.1f s)", d.Stats().Documents, *index, time.Since(start).Seconds())

	code := 0
	select {
	case <-ctx.Done():
		logger.Printf("stopping: finishing the requests in flight")
	case err := <-served:
		logger.Printf("%v", err)
		code = 2
	}
	sctx, cancel := context.WithTimeout(context.Background(), *shutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Printf("shutting down: %v", err)
		code = 2
	}
	if err := d.Close(); err != nil {
		logger.Printf("closing the index: %v", err)
		return 2
	}
	logger.Printf("index %s closed", *index)
	return code
}

// isLoopback reports whether the host of addr is a loopback address:
// "localhost", 127.0.0.0/8 or ::1. An empty host (":8080") listens on
// every interface.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
