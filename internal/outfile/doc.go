// Package outfile writes a command's output to the file the user named with
// --out, the one way every command does it (docs/storage.md, "Files
// backtrack writes"):
//
//   - "-" (or a path that is the very file standard output goes to, such as
//     /dev/stdout) means standard output;
//   - a regular file, new or existing, is written whole through a temporary
//     file in the same folder, synced and renamed over it, mode 0600, so
//     that a failed or killed write never leaves half a file; a symbolic
//     link to a regular file has its target replaced that way, and the link
//     stays;
//   - a character device or a FIFO (/dev/null, a terminal, a named pipe,
//     or a link to one) is written in place, never replaced;
//   - a folder, a socket, a block device (a disk) and a link to nothing are
//     refused with an error that says which.
//
// Temporary files are named ".NAME.backtrack-RANDOM.tmp" and locked while
// they are written; one that a killed write left behind (owned by the
// same user, unlocked, older than the write) is removed by the next write
// to the same NAME.
package outfile
