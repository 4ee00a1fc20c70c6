package markup_test

import (
	"bytes"
	"fmt"

	"github.com/newsreuse/dedupe/markup"
)

func ExampleHTML() {
	src := []byte(`<html><head><title>The Daily</title><script>track()</script></head>
<body><h1>Bre<b>aking</b> news</h1><p>AT&amp;T&rsquo;s shares rose.</p></body></html>`)
	text, m := markup.HTML(src)
	fmt.Printf("%q\n", text)

	// Report a match found in the text against the source.
	i := bytes.Index(text, []byte("AT&T’s"))
	s, e := m.Span(i, i+len("AT&T’s"))
	fmt.Printf("%q\n", src[s:e])
	i = bytes.Index(text, []byte("Breaking"))
	s, e = m.Span(i, i+len("Breaking"))
	fmt.Printf("%q\n", src[s:e])
	// Output:
	// "Breaking news\n\nAT&T’s shares rose."
	// "AT&amp;T&rsquo;s"
	// "Bre<b>aking"
}
