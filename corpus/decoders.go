package corpus

import (
	"bytes"
	"sync"
)

// JSON lines can be decoded ahead of Scan, on goroutines ([Options.Decoders]):
// one goroutine reads and gunzips the stream and cuts it into blocks of
// lines, decoders turn each block's lines into documents, and Scan takes
// the blocks in order, passing on their warnings and checking IDs as it
// would have. The documents and warnings, and their order, are the same
// either way: the warnings about lines are capped, and the stream given
// up, by the tally on Scan's goroutine, as the lines come in order.

// A block is a run of consecutive lines of one stream.
type block struct {
	buf   []byte // the lines' bytes
	items []item
	done  chan struct{} // closed when the lines are decoded
}

// An item is one line of a block, or a warning about the stream.
type item struct {
	start, end int   // the line in buf
	line       int   // its number
	warn       error // if set, the item is a warning and not a line
	doc        Doc
	keep       bool
	invalid    bool  // doc.Content is not valid UTF-8
	err        error // a problem with the line (set when read if too long)
}

// blockBytes and blockLines bound a block: large enough that handing it
// between goroutines costs little per line, small enough that a few per
// decoder in flight take little memory. Tests lower them.
var (
	blockBytes = 256 << 10
	blockLines = 256
)

// decoding is the running pipeline of one stream.
type decoding struct {
	order chan *block // blocks in stream order, for Scan
	jobs  chan *block // blocks to decode
	free  chan *block // decoded and read blocks, for reuse
	quit  chan struct{}
	name  string      // the stream's file, for warnings
	warn  func(error) // the stream's warnings, on Scan's goroutine
	t     *tally      // the warnings about lines, on Scan's goroutine
	wg    sync.WaitGroup
	cur   *block // the block Scan is reading
	next  int    // index in cur.items of the next item
}

// decode starts reading s on a goroutine of its own, with n decoders.
func (s *lines) decode(n int) {
	p := &decoding{
		order: make(chan *block, 2*n+2),
		jobs:  make(chan *block, 2*n+2),
		free:  make(chan *block, 2*n+4),
		quit:  make(chan struct{}),
		name:  s.name,
		warn:  s.warn,
		t:     &s.t,
	}
	s.ahead = p
	p.wg.Add(n + 1)
	for range n {
		go func() {
			defer p.wg.Done()
			for b := range p.jobs {
				for i := range b.items {
					it := &b.items[i]
					if it.warn == nil && it.err == nil {
						it.doc = Doc{Path: p.name, Line: it.line}
						it.keep, it.invalid, it.err = decodeLine(b.buf[it.start:it.end], &it.doc)
					}
				}
				close(b.done)
			}
		}()
	}
	go func() {
		defer p.wg.Done()
		defer close(p.jobs)
		defer close(p.order)
		var b *block
		// Warnings about the stream, from readLine, take their place
		// among the lines.
		s.warn = func(err error) { b.items = append(b.items, item{warn: err}) }
		for !s.done {
			select {
			case b = <-p.free:
				b.buf, b.items = b.buf[:0], b.items[:0]
			default:
				b = &block{buf: make([]byte, 0, blockBytes), items: make([]item, 0, blockLines)}
			}
			b.done = make(chan struct{})
			for !s.done && len(b.buf) < blockBytes && len(b.items) < blockLines {
				line, ok, err := s.readLine()
				if err != nil {
					b.items = append(b.items, item{line: s.line, err: err})
					continue
				}
				if !ok || len(bytes.TrimSpace(line)) == 0 {
					continue
				}
				start := len(b.buf)
				b.buf = append(b.buf, line...)
				b.items = append(b.items, item{start: start, end: len(b.buf), line: s.line})
			}
			select {
			case p.order <- b:
			case <-p.quit:
				return
			}
			select {
			case p.jobs <- b:
			case <-p.quit:
				return
			}
		}
	}()
}

// nextDoc returns the next document decoded ahead, passing on the
// warnings before it, or false at the end of the stream or when the stream
// is given up.
func (p *decoding) nextDoc() (Doc, bool) {
	for {
		if p.cur == nil || p.next == len(p.cur.items) {
			if p.cur != nil {
				clear(p.cur.items) // let the documents go
				select {
				case p.free <- p.cur:
				default:
				}
				p.cur = nil
			}
			b, ok := <-p.order
			if !ok {
				p.wg.Wait() // the reader is done with the stream
				return Doc{}, false
			}
			<-b.done
			p.cur, p.next = b, 0
			continue // the block may be empty
		}
		it := &p.cur.items[p.next]
		p.next++
		if it.warn != nil {
			p.warn(it.warn)
			continue
		}
		if it.err != nil {
			p.t.problem(&Error{Path: p.name, Line: it.line, Err: it.err})
		}
		if p.t.line(it.line, it.doc.Content, it.keep, it.invalid) {
			p.stop()
			return Doc{}, false
		}
		if it.keep {
			return it.doc, true
		}
	}
}

// stop ends the pipeline early and waits for its goroutines, so that the
// stream can be closed.
func (p *decoding) stop() {
	close(p.quit)
	for range p.order {
	}
	p.wg.Wait()
}
