// Package csvrows reads the records of a CSV file after its header the one
// way backtrack's CSV readers (pain logs, lifting exports, Strava's
// activities.csv) do: a record that is not valid CSV is reported at the
// line it starts on and the reading goes on past it; an error of reading
// stops it. LineLimit bounds a line's length, so that a file taken for a
// CSV export that is not one cannot make the reader hold a giant line.
package csvrows
