package main

import "github.com/backtrack/backtrack/model"

// zoneWords says where a guessed or corrected offset came from.
func zoneWords(o model.OffsetOrigin) string {
	switch o {
	case model.OffsetMachine:
		return "the machine's (the file has no offset; correct it with --tz in 'backtrack sessions edit')"
	case model.OffsetNearby:
		return "the offset a watch recorded nearby (the file has none)"
	case model.OffsetUser:
		return "as you set it"
	}
	return string(o)
}
