package importers

import (
	"bytes"
	"encoding/csv"
	"path"
	"strings"
)

// Kind is what a file's content says it is.
type Kind int

// The kinds Detect tells apart.
const (
	// KindUnknown: none of the others (see UnknownReason).
	KindUnknown Kind = iota
	// KindFIT: a FIT file (or a chain of them).
	KindFIT
	// KindGPX: a GPX document.
	KindGPX
	// KindTCX: a Garmin Training Center document.
	KindTCX
	// KindCSV: delimited text (lifting-app exports, Strava's activities.csv).
	KindCSV
	// KindGzip: a gzip stream.
	KindGzip
	// KindZip: a zip archive.
	KindZip
)

// String returns the kind's lower-case name ("fit", "gpx", …, "unknown").
func (k Kind) String() string {
	switch k {
	case KindFIT:
		return "fit"
	case KindGPX:
		return "gpx"
	case KindTCX:
		return "tcx"
	case KindCSV:
		return "csv"
	case KindGzip:
		return "gzip"
	case KindZip:
		return "zip"
	}
	return "unknown"
}

// DetectHeadSize is how many leading bytes Detect wants to see (fewer is
// fine for a shorter file).
const DetectHeadSize = 512

// utf8BOM is the UTF-8 byte-order mark.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Detect decides a file's kind from its first bytes (pass at least
// DetectHeadSize if the file has them) and, only as a tie-breaker, its
// name.
//
// FIT: a header size of 12 or 14 and ".FIT" at bytes 8–11. GPX and TCX:
// the XML root element <gpx> or <TrainingCenterDatabase> (any namespace
// prefix), found past a byte-order mark (UTF-8 or UTF-16), the XML
// declaration, comments, a DOCTYPE and white space. Zip: "PK\x03\x04" (or
// "PK\x05\x06", an empty archive). Gzip: 1f 8b. CSV: mostly printable
// text without NUL bytes, not JSON or markup, whose first line holds a
// comma or semicolon.
//
// The name decides only what the content leaves open: XML whose root
// element lies beyond head is GPX or TCX by a .gpx or .tcx extension, and
// text whose first line has no delimiter is CSV by a .csv extension. A name
// never overrules content: "run.fit" holding GPX is GPX.
func Detect(name string, head []byte) Kind {
	if len(head) == 0 {
		return KindUnknown
	}
	switch {
	case detectFIT(head):
		return KindFIT
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return KindGzip
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return KindZip
	}
	if root, isXML := detectXMLRoot(head); isXML {
		switch {
		case strings.EqualFold(root, "gpx"):
			return KindGPX
		case strings.EqualFold(root, "TrainingCenterDatabase"):
			return KindTCX
		case root == "":
			switch detectExt(name) {
			case ".gpx":
				return KindGPX
			case ".tcx":
				return KindTCX
			}
		}
		return KindUnknown
	}
	if detectCSV(head) {
		return KindCSV
	}
	if detectExt(name) == ".csv" && detectText(head) && !detectJSON(head) {
		return KindCSV
	}
	return KindUnknown
}

// detectExt returns name's lower-case extension, looking through a ".gz".
func detectExt(name string) string {
	n := strings.ToLower(name)
	n = strings.TrimSuffix(n, ".gz")
	return path.Ext(n)
}

// detectFIT reports whether head starts with a FIT file header.
func detectFIT(head []byte) bool {
	return len(head) >= 12 && (head[0] == 12 || head[0] == 14) && string(head[8:12]) == ".FIT"
}

// detectXMLRoot finds the root element's local name in head. isXML is false
// when head does not start like XML (after a byte-order mark and white
// space); root is "" when head is XML but ends before the root element.
func detectXMLRoot(head []byte) (root string, isXML bool) {
	h := detectUTF8(head)
	h = bytes.TrimLeft(h, " \t\r\n")
	if len(h) == 0 || h[0] != '<' {
		return "", false
	}
	for {
		h = bytes.TrimLeft(h, " \t\r\n")
		switch {
		case len(h) == 0:
			return "", true
		case h[0] != '<':
			return "", false // text before the root: not XML
		case bytes.HasPrefix(h, []byte("<?")):
			i := bytes.Index(h, []byte("?>"))
			if i < 0 {
				return "", true
			}
			h = h[i+2:]
		case bytes.HasPrefix(h, []byte("<!--")):
			i := bytes.Index(h[4:], []byte("-->"))
			if i < 0 {
				return "", true
			}
			h = h[4+i+3:]
		case bytes.HasPrefix(h, []byte("<!")):
			i := detectDeclEnd(h)
			if i < 0 {
				return "", true
			}
			h = h[i+1:]
		default:
			name := h[1:]
			end := bytes.IndexAny(name, " \t\r\n/>")
			if end < 0 {
				return "", true // the name runs past head
			}
			name = name[:end]
			if i := bytes.LastIndexByte(name, ':'); i >= 0 {
				name = name[i+1:]
			}
			if len(name) == 0 {
				return "", false
			}
			return string(name), true
		}
	}
}

// detectDeclEnd returns the index of the '>' that closes the markup
// declaration (DOCTYPE) at the start of h, past an internal subset in
// brackets, or -1.
func detectDeclEnd(h []byte) int {
	depth := 0
	for i, c := range h {
		switch c {
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth <= 0 {
				return i
			}
		}
	}
	return -1
}

// detectUTF8 returns head without a UTF-8 byte-order mark, and UTF-16 text
// (marked by a byte-order mark or by "<?" spelled in UTF-16) converted to
// UTF-8 so far as its characters are ASCII, enough to read markup.
func detectUTF8(head []byte) []byte {
	var be bool
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		return head[3:]
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		be, head = true, head[2:]
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		head = head[2:]
	case bytes.HasPrefix(head, []byte{0, '<', 0, '?'}):
		be = true
	case bytes.HasPrefix(head, []byte{'<', 0, '?', 0}):
	default:
		return head
	}
	out := make([]byte, 0, len(head)/2)
	for i := 0; i+1 < len(head); i += 2 {
		hi, lo := head[i+1], head[i]
		if be {
			hi, lo = head[i], head[i+1]
		}
		if hi != 0 || lo >= 0x80 {
			out = append(out, '?') // non-ASCII: irrelevant to markup
			continue
		}
		out = append(out, lo)
	}
	return out
}

// detectFirstLine returns head's first line without a byte-order mark and
// line ending.
func detectFirstLine(head []byte) []byte {
	h := bytes.TrimPrefix(head, utf8BOM)
	if i := bytes.IndexByte(h, '\n'); i >= 0 {
		h = h[:i]
	}
	return bytes.TrimSuffix(h, []byte("\r"))
}

// detectText reports whether head looks like text: no NUL byte and at
// least 95% printable characters (tabs and line breaks count; bytes of
// legacy 8-bit encodings count as printable).
func detectText(head []byte) bool {
	h := bytes.TrimPrefix(head, utf8BOM)
	if len(h) == 0 || bytes.IndexByte(h, 0) >= 0 {
		return false
	}
	bad := 0
	for _, c := range h {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			bad++
		}
	}
	return bad*20 <= len(h)
}

// detectJSON reports whether head's first non-space byte opens JSON.
func detectJSON(head []byte) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	return len(h) > 0 && (h[0] == '{' || h[0] == '[')
}

// detectCSV reports whether head is delimited text: text (detectText),
// not JSON, whose first line is not markup and holds a comma or semicolon.
func detectCSV(head []byte) bool {
	if !detectText(head) || detectJSON(head) {
		return false
	}
	line := bytes.TrimSpace(detectFirstLine(head))
	if len(line) == 0 || line[0] == '<' {
		return false
	}
	return bytes.ContainsAny(line, ",;")
}

// CSVHeader returns the first record of delimited text (a CSV file's
// header), for telling apart the CSV exports of Strong, Hevy, FitNotes,
// Strava and pain logs. It skips a UTF-8 byte-order mark and takes ';' as
// the delimiter when the first line has more semicolons than commas
// (outside quotes), else ','. Fields are trimmed of surrounding white
// space; quotes are removed as CSV defines. A first line cut by the end of
// head yields the fields read so far. It returns nil when head holds no
// record.
func CSVHeader(head []byte) []string {
	h := bytes.TrimPrefix(head, utf8BOM)
	if len(bytes.TrimSpace(detectFirstLine(h))) == 0 {
		return nil
	}
	r := csv.NewReader(bytes.NewReader(h))
	r.Comma = detectDelimiter(detectFirstLine(h))
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rec, _ := r.Read() // a cut line still yields its fields
	if len(rec) == 0 {
		return nil
	}
	for i, f := range rec {
		rec[i] = strings.TrimSpace(f)
	}
	return rec
}

// detectDelimiter returns ';' when line has more semicolons than commas
// outside double quotes, else ','.
func detectDelimiter(line []byte) rune {
	commas, semis, quoted := 0, 0, false
	for _, c := range line {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semis++
			}
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// detectMagic names common non-importable formats by their first bytes.
var detectMagic = []struct {
	prefix string
	what   string
}{
	{"\x89PNG\r\n\x1a\n", "PNG image"},
	{"\xff\xd8\xff", "JPEG image"},
	{"GIF87a", "GIF image"},
	{"GIF89a", "GIF image"},
	{"%PDF-", "PDF document"},
	{"SQLite format 3\x00", "SQLite database"},
	{"7z\xbc\xaf\x27\x1c", "7-Zip archive"},
	{"Rar!\x1a\x07", "RAR archive"},
	{"BZh", "bzip2 archive"},
	{"\xfd7zXZ\x00", "xz archive"},
	{"\x28\xb5\x2f\xfd", "zstd archive"},
}

// UnknownReason returns a plain-word reason for a file Detect could not
// place, such as "empty file", "not a known format (JSON)" or "not a known
// format (PNG image)". It returns "" when Detect places the file.
func UnknownReason(name string, head []byte) string {
	if Detect(name, head) != KindUnknown {
		return ""
	}
	if len(head) == 0 {
		return "empty file"
	}
	return "not a known format (" + detectWhat(head) + ")"
}

// detectWhat names what head holds, for UnknownReason.
func detectWhat(head []byte) string {
	for _, m := range detectMagic {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.what
		}
	}
	if len(head) >= 262 && string(head[257:262]) == "ustar" {
		return "tar archive"
	}
	if len(head) >= 12 && string(head[0:4]) == "RIFF" && string(head[8:12]) == "WEBP" {
		return "WebP image"
	}
	if len(head) >= 12 && string(head[4:8]) == "ftyp" {
		return "video or HEIC image"
	}
	if root, isXML := detectXMLRoot(head); isXML {
		switch strings.ToLower(root) {
		case "":
			return "XML without a root element in its first " + xmlCommas(int64(len(head))) + " bytes"
		case "html":
			return "HTML page"
		case "kml":
			return "KML"
		case "svg":
			return "SVG image"
		}
		return "XML with root element <" + root + ">"
	}
	if !detectText(head) {
		if len(head) >= 12 && (head[0] == 12 || head[0] == 14) {
			return "binary data, a FIT-like header without the .FIT signature"
		}
		return "binary data"
	}
	switch {
	case len(bytes.TrimSpace(bytes.TrimPrefix(head, utf8BOM))) == 0:
		return "blank text"
	case detectJSON(head):
		return "JSON"
	}
	return "text without commas or semicolons in its first line"
}
