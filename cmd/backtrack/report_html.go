package main

import "github.com/backtrack/backtrack/analysis"

func init() {
	renderers["html"] = analysis.RenderHTML
}
