package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsreuse/dedupe/synth"
)

func TestServeFlags(t *testing.T) {
	token := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(token, []byte(" \n"), 0o600))
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{nil, "-index is required"},
		{[]string{"-index", "x", "a.txt"}, `unexpected arguments ["a.txt"]`},
		{[]string{"-index", "x", "-addr", "0.0.0.0:8080"}, "-addr 0.0.0.0:8080 is not a loopback address: give -token-file (clients send its token) or -insecure"},
		{[]string{"-index", "x", "-addr", ":8080"}, "is not a loopback address"},
		{[]string{"-index", "x", "-token-file", token}, "is empty"},
		{[]string{"-index", "x", "-token-file", token + ".none"}, "-token-file: open"},
		{[]string{"-index", "x", "-window", "-1h"}, "-window -1h0m0s out of range"},
		{[]string{"-index", "x", "-read-timeout", "0s"}, "must be positive"},
		{[]string{"-index", "x", "-shingle", "40"}, "-shingle 40 out of range"},
		{[]string{"-index", "x", "-max-body", "0"}, "invalid value"},
	} {
		var stderr bytes.Buffer
		assert.Equal(t, 2, runServe(c.args, &stderr), "%q", c.args)
		assert.Contains(t, stderr.String(), c.msg, "%q", c.args)
	}
	for addr, want := range map[string]bool{
		"127.0.0.1:80": true, "localhost:80": true, "[::1]:80": true, "127.9.9.9:1": true,
		":80": false, "0.0.0.0:80": false, "10.0.0.1:80": false, "example.com:80": false, "127.0.0.1": false,
	} {
		assert.Equal(t, want, isLoopback(addr), addr)
	}
}

// TestMain runs the command instead of the tests when
// DEDUPE_TEST_MAIN is 1: startServe starts the test binary itself as
// dedupe serve, in a process of its own, with no build.
func TestMain(m *testing.M) {
	if os.Getenv("DEDUPE_TEST_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// A served is a dedupe serve process.
type served struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	mu     *sync.Mutex
	exited chan struct{}
}

// startServe starts dedupe serve on index on a free loopback port and
// waits until it serves.
func startServe(t *testing.T, index string) *served {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "-index", index, "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "DEDUPE_TEST_MAIN=1")
	pipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	s := &served{cmd: cmd, stderr: new(bytes.Buffer), mu: new(sync.Mutex), exited: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		re := regexp.MustCompile(`listening on (http://\S+),`)
		for sc.Scan() {
			s.mu.Lock()
			s.stderr.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.exited
	})
	select {
	case s.url = <-addr:
	case <-time.After(20 * time.Second):
		t.Fatalf("dedupe serve did not listen:\n%s", s.log())
	}
	for deadline := time.Now().Add(20 * time.Second); ; {
		resp, err := http.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		require.True(t, time.Now().Before(deadline), "not serving after 20 s:\n%s", s.log())
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *served) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// docLines returns generated news as JSON documents, one a line, their
// IDs prefixed.
func docLines(t *testing.T, prefix string, seed uint64, stories int) [][]byte {
	var lines [][]byte
	for _, d := range synth.Generate(synth.Options{Seed: seed, Stories: stories}).Docs {
		b, err := json.Marshal(map[string]any{"id": prefix + d.ID, "text": d.Text, "time": d.Time})
		require.NoError(t, err)
		lines = append(lines, b)
	}
	return lines
}

// post posts body and returns the IDs of the documents the answer
// acknowledges as added (status 200), none on any error.
func post(client *http.Client, url, contentType string, body []byte) []string {
	resp, err := client.Post(url+"/v1/documents", contentType, bytes.NewReader(body))
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		return nil
	}
	var ids []string
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		var a struct{ ID, Error string }
		if dec.Decode(&a) != nil {
			return ids
		}
		if a.Error == "" {
			ids = append(ids, a.ID)
		}
	}
}

// TestServeKill runs dedupe serve as a process, posts documents to it
// from several clients (single documents and batches), kills it with
// SIGKILL under load, restarts it on the same index and checks that every
// document acknowledged is served; then that it finishes a batch in
// flight on SIGTERM, exits 0 and loses nothing of it.
func TestServeKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a server process: not in -short")
	}
	index := filepath.Join(t.TempDir(), "index")
	lines := docLines(t, "", 5, 300)
	s := startServe(t, index)

	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	const clients = 4
	for c := range clients {
		wg.Go(func() {
			client := &http.Client{Timeout: 10 * time.Second}
			for i := c; i < len(lines); i += clients {
				var ids []string
				if c == 0 && i+clients*4 < len(lines) { // batches of 5
					var batch bytes.Buffer
					for k := range 5 {
						batch.Write(append(lines[i+clients*k], '\n'))
					}
					ids = post(client, s.url, "application/x-ndjson", batch.Bytes())
					i += clients * 4
				} else {
					ids = post(client, s.url, "application/json", lines[i])
				}
				if ids == nil {
					select {
					case <-s.exited:
						return
					default:
						continue
					}
				}
				mu.Lock()
				acked = append(acked, ids...)
				mu.Unlock()
			}
		})
	}
	// Kill once a good share is acknowledged, with posts in flight.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= len(lines)/4 || time.Now().After(deadline) {
			break
		}
	}
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGKILL))
	<-s.exited
	wg.Wait()
	require.NotEmpty(t, acked)
	require.Less(t, len(acked), len(lines), "the kill came after every post")

	s = startServe(t, index)
	for _, id := range acked {
		resp, err := http.Get(s.url + "/v1/documents/" + id)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode, "acknowledged %s lost:\n%s", id, s.log())
	}
	t.Logf("%d documents acknowledged before SIGKILL, all served after the restart", len(acked))

	// SIGTERM with a batch in flight: the batch is answered, the server
	// exits 0, and the batch's documents are there after a restart.
	var batch bytes.Buffer
	rest := docLines(t, "later-", 6, 200)
	for _, l := range rest {
		batch.Write(append(l, '\n'))
	}
	answered := make(chan []string)
	go func() { answered <- post(http.DefaultClient, s.url, "application/x-ndjson", batch.Bytes()) }()
	time.Sleep(50 * time.Millisecond) // the batch is being read or added
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	ids := <-answered
	<-s.exited
	assert.Equal(t, 0, s.cmd.ProcessState.ExitCode(), s.log())
	assert.Contains(t, s.log(), "closed")
	require.Equal(t, len(rest), len(ids), "the batch in flight was not finished:\n%s", s.log())
	s = startServe(t, index)
	for _, id := range ids {
		resp, err := http.Get(s.url + "/v1/documents/" + id)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode, id)
	}
}
