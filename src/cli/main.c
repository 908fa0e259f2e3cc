/*
 * main.c: the command table and dispatch. Each command lives in a cmd_*.c
 * file as a "const struct cmd_entry"; this file only finds it and runs it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

int
main(int argc, char **argv)
{
	return (cmd_main(argc, argv));
}
