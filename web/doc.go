// Package web is backtrack's local web app, `backtrack serve`: a timeline
// of runs, strength sessions and pain, a page per run with its charts, the
// pain log with a form to add, edit and delete events, and the report.
//
// Handlers are thin, like commands: they parse the request, call the use
// case in package app (the same code and validation as the command line,
// so the same errors and the same synchronous=FULL pain writes) and render
// an html/template, which escapes every note and name. Pages only read, in
// short read transactions, so they work while an import runs in another
// process.
//
// Security is one middleware (guard.go): the server binds 127.0.0.1 on a
// free port unless told otherwise; every request needs the token from the
// link printed at start-up (then an HttpOnly SameSite=Strict cookie);
// requests whose Host header is not the bound address are refused with 421
// (DNS rebinding); every state-changing request needs the page's CSRF token
// and must come from the same origin (403); every response carries a strict
// Content-Security-Policy. Templates, styles and the small script are
// embedded: the pages fetch nothing from anywhere else.
package web
