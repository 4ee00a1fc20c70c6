package markup

// Kinds of elements, for classify.
const (
	kindInline   = iota // adds nothing to the text
	kindSkipRaw         // raw-text element whose content is not visible
	kindKeepRaw         // raw-text element whose content is visible verbatim
	kindSkipElem        // element whose whole subtree is not visible
)

// classify returns the number of newlines that the (lower-case) tag name
// puts between the text before and after it, the element's kind, and for
// kindSkipElem a constant copy of the name.
func classify(name []byte) (newlines, kind int, canon string) {
	switch string(name) {
	// Raw text elements, whose content the tokenizer returns as one text token.
	case "script", "style", "noscript", "iframe", "noembed", "noframes", "title":
		return 0, kindSkipRaw, ""
	case "xmp":
		return 2, kindKeepRaw, ""
	case "plaintext":
		return 2, kindKeepRaw, ""
	case "textarea":
		return 1, kindInline, "" // RCDATA: references are decoded
	case "template":
		return 0, kindSkipElem, "template"
	case "svg":
		return 0, kindSkipElem, "svg"
	case "math":
		return 0, kindSkipElem, "math"

	case "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
		"article", "section", "header", "footer", "aside", "main", "nav",
		"figure", "figcaption", "hr", "table", "ul", "ol", "dl", "address",
		"details", "fieldset", "form", "hgroup", "listing":
		return 2, kindInline, ""
	case "br", "div", "li", "dd", "dt", "tr", "td", "th", "caption",
		"thead", "tbody", "tfoot", "summary", "legend", "option", "optgroup",
		"select", "button", "center", "dialog", "menu", "dir", "search",
		"body", "html", "head", "frameset", "frame", "img", "video", "audio",
		"picture", "object", "embed", "canvas":
		return 1, kindInline, ""
	}
	return 0, kindInline, ""
}
