#!/bin/sh
# Turn the schema migrations (data/schema-N.sql) into a C array of strings,
# index N-1 holding the SQL that takes user_version N-1 to N.
echo '/* generated from data/schema-*.sql by data/schema2c.sh: do not edit */'
echo '#include <stddef.h>'
echo 'const char *const store_migrations[] = {'
for f in "$@"; do
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$f"
	echo ','
done
echo 'NULL };'
echo "const int store_nmigrations = $#;"
