// Package importers turns watch and lifting-app files into model sessions.
//
// Each format has one decoder that takes an io.Reader and functional options
// and returns a [Result]: the sessions it found plus warnings. Decoders never
// touch the database or the file system; [Detect] picks a decoder from a
// file's content, and the batch walker streams files (and archive members)
// into decoders. No SQL lives here.
package importers
