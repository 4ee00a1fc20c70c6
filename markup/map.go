package markup

// offset is the integer type of a Map's stored offsets. HTML uses int32
// unless the source is too large for it.
type offset interface{ ~int32 | ~int64 }

// A seg starts a run of text at text offset text. A verbatim run (src >= 0)
// was copied byte for byte from src offset src onwards. A replacement run
// (stored as ^src, so negative) stands as a whole for the src range that
// starts at ^src and ends where the next seg's src starts.
//
// Invariants kept by builder: text and the src start are nondecreasing; the
// first seg has text 0; a replacement run is always followed by a seg (a
// zero-length verbatim "marker" if nothing else) whose src start is the end
// of the replaced range.
type seg[T offset] struct{ text, src T }

func (s seg[T]) start() int {
	if s.src < 0 {
		return int(^s.src)
	}
	return int(s.src)
}

// A Map maps offsets in extracted text back to offsets in the source it came
// from. It is stored as run-length segments searched by binary search: 8
// bytes for each verbatim run, replaced entity, invalid byte and block
// separator (16 bytes when the source exceeds 715 MB), and it does not keep a
// reference to the source or text.
//
// The zero Map is the identity, for plain text whose text is its source.
// A Map is immutable and safe for concurrent use.
type Map struct {
	small []seg[int32]
	large []seg[int64] // used instead of small for sources over maxSmall bytes
	n     int          // length of the text
	set   bool         // false for the zero (identity) Map
}

// Span maps the half-open text range [start,end) to the half-open src range
// that produced it. For a Map from [HTML], 0 <= srcStart <= srcEnd <= len(src);
// arguments are first clamped to 0 <= start <= end <= len(text). Span is
// monotone in both arguments. A range inside one run of text copied verbatim
// from src maps to the identical bytes of src; a range that includes part of
// a decoded entity, a U+FFFD replacing an invalid byte, or a block separator
// covers the entity, byte or tag in src in full. An empty range maps to an
// empty range unless it lies inside such a replacement. Span costs
// O(log n) in the number of segments.
//
// For the zero Map, Span returns its arguments, with start clamped to >= 0
// and end to >= start.
func (m Map) Span(start, end int) (srcStart, srcEnd int) {
	start = max(start, 0)
	end = max(end, start)
	if !m.set {
		return start, end
	}
	start = min(start, m.n)
	end = min(end, m.n)
	if m.large != nil {
		return span(m.large, m.n, start, end)
	}
	return span(m.small, m.n, start, end)
}

// span implements Span for 0 <= start <= end <= n. With lo(t) the src start
// of text byte t and hi(t) the src end of text byte t-1, both nondecreasing,
// the result (lo(start), max(lo(start), hi(end))) is monotone in both
// arguments and never inverted.
func span[T offset](segs []seg[T], n, start, end int) (int, int) {
	if n == 0 || len(segs) == 0 {
		return 0, 0
	}
	var lo, hi int
	if start < n {
		lo = byteStart(segs, start)
	} else {
		lo = byteEnd(segs, n-1)
	}
	if end > 0 {
		hi = byteEnd(segs, end-1)
	} else {
		hi = byteStart(segs, 0)
	}
	return lo, max(lo, hi)
}

// find returns the index of the seg that holds text byte t: the last seg
// whose text offset is <= t.
func find[T offset](segs []seg[T], t int) int {
	i, j := 0, len(segs)
	for i < j {
		h := int(uint(i+j) >> 1)
		if int(segs[h].text) <= t {
			i = h + 1
		} else {
			j = h
		}
	}
	return max(i-1, 0)
}

// byteStart returns the src offset where the source of text byte t begins.
func byteStart[T offset](segs []seg[T], t int) int {
	s := segs[find(segs, t)]
	if s.src < 0 {
		return int(^s.src)
	}
	return int(s.src) + t - int(s.text)
}

// byteEnd returns the src offset where the source of text byte t ends.
func byteEnd[T offset](segs []seg[T], t int) int {
	i := find(segs, t)
	s := segs[i]
	if s.src < 0 {
		if i+1 < len(segs) {
			return segs[i+1].start()
		}
		return int(^s.src) // unreachable: builder always closes a replacement
	}
	return int(s.src) + t - int(s.text) + 1
}

// A builder appends text and records where it came from.
type builder[T offset] struct {
	text    []byte
	segs    []seg[T]
	end     int  // src offset where the last run's source ends
	replace bool // whether the last run is a replacement
}

// copy appends p, which is src[at:at+len(p)], to the text. It extends the
// last run when that run is verbatim and ends at at.
func (b *builder[T]) copy(p []byte, at int) {
	if len(p) == 0 {
		return
	}
	if len(b.segs) == 0 || b.replace || b.end != at {
		b.push(at, false)
	}
	b.text = append(b.text, p...)
	b.end = at + len(p)
	b.replace = false
}

// substitute appends s, which stands for src[from:to] as a whole.
func (b *builder[T]) substitute(s []byte, from, to int) {
	if len(s) == 0 {
		return
	}
	b.push(from, true)
	b.text = append(b.text, s...)
	b.end = to
	b.replace = true
}

func (b *builder[T]) push(at int, replace bool) {
	if b.replace && b.end != at {
		b.segs = append(b.segs, seg[T]{T(len(b.text)), T(b.end)}) // marker closing the replacement
	}
	src := T(at)
	if replace {
		src = ^src
	}
	b.segs = append(b.segs, seg[T]{T(len(b.text)), src})
}

// finish closes the last run and returns the text and segments, copied to
// smaller arrays if they use less than half of their capacity.
func (b *builder[T]) finish() ([]byte, []seg[T]) {
	if b.replace {
		b.segs = append(b.segs, seg[T]{T(len(b.text)), T(b.end)})
		b.replace = false
	}
	text, segs := b.text, b.segs
	if cap(text) > 2*len(text) {
		text = append([]byte(nil), text...)
	}
	if cap(segs) > 2*len(segs) {
		segs = append([]seg[T](nil), segs...)
	}
	return text, segs
}
