#!/bin/sh
# Turn a schema's migrations (data/NAME-N.sql) into a C array of strings,
# index N-1 holding the SQL that takes user_version N-1 to N:
#	sh data/schema2c.sh NAME FILE...
# defines store_NAME_migrations[] and store_NAME_nmigrations. Several runs
# may be appended to one file; the first with -h writes the header.
if [ "$1" = -h ]; then
	echo '/* generated from data/NAME-N.sql by data/schema2c.sh: do not edit */'
	echo '#include <stddef.h>'
	shift
fi
name=$1
shift
echo "extern const char *const store_${name}_migrations[];"
echo "extern const int store_${name}_nmigrations;"
echo "const char *const store_${name}_migrations[] = {"
for f in "$@"; do
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$f"
	echo ','
done
echo 'NULL };'
echo "const int store_${name}_nmigrations = $#;"
