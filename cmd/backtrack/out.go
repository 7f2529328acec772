package main

import (
	"io"

	"github.com/backtrack/backtrack/internal/outfile"
)

// writeOut writes what fill produces where a command's --out says, the one
// way every command with --out writes: "" and "-" are standard output
// (opts.Out); a regular file is replaced whole (mode 0600) through a
// temporary file; a device or FIFO is written in place; a folder, socket,
// block device or dangling link is refused (package outfile). The result
// says where the bytes went (res.ToFile() when not to standard output, and
// res.Path as the user named it), for a command that confirms on stderr.
func (o *globalOptions) writeOut(path string, fill func(io.Writer) error) (outfile.Result, error) {
	return outfile.Write(path, o.Out, fill)
}
