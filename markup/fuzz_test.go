package markup

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"",
		"plain text",
		"<p>It&rsquo;s <b>Bre</b>aking</p>\n<p>AT&amp;T\xff.</p>",
		"&ampx &notit; &#x41 &#0; &#99999999999; &fjlig; &semi; &",
		"&#128;&#x9f;&#X41;&AMP&LT;&copy2&frac12x&notin;&nvlt;",
		"<script>a</script><svg><style>b</svg><template><p>c</template>d",
		"<xmp>&amp;</xmp><textarea>&amp;</textarea><plaintext>&amp;<p>",
		"a\x00b\r\n\xed\xa0\x80<p",
		"<!-- x --><!DOCTYPE html><![CDATA[y]]></>",
		benchPage(1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		text, m := HTML(src)
		checkMap(t, src, text, m)
		// Without markup, the text is the source with references decoded
		// exactly as x/net/html decodes them.
		if !bytes.ContainsAny(src, "<\x00") && utf8.Valid(src) && !isSpace(src) {
			if want := html.UnescapeString(string(src)); string(text) != want {
				t.Fatalf("HTML(%q) = %q, want %q as html.UnescapeString", src, text, want)
			}
		}
	})
}
