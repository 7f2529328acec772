// Package importers turns watch and lifting-app files into model sessions.
//
// Each format has one decoder that takes an io.Reader and functional options
// and returns a [Result]: the sessions it found plus warnings. Decoders never
// touch the database or the file system; [Detect] picks a decoder from a
// file's content, and the batch walker streams files (and archive members)
// into decoders. No SQL lives here.
//
// The FIT decoder also reads running form (fit_form.go): the running
// dynamics of record messages and Stryd's developer fields ([StrydApps],
// matched by application ID and field name), each value as Garmin's FIT SDK
// decodes it, and the recording device (model.Recorder). It works around
// muktihari's decoder keeping a developer field's first description after
// the index is re-declared, from the definitions' field sizes.
package importers
