package errgroup_name_other_file

var errgroup = "!"
