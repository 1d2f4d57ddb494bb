/* ansi.h: the terminal escapes unsearch prints with --color, one set for
 * hits (output.c), citations (cite_query.c) and lineage (lineage.c). */
#ifndef UNSEARCH_ANSI_H
#define UNSEARCH_ANSI_H

#define ESC_RESET "\x1b[0m"
#define ESC_BOLD "\x1b[1m"
#define ESC_DIM "\x1b[2m"
#define ESC_ITALIC "\x1b[3m"
#define ESC_HL "\x1b[1;31m"      /* matched words */
#define ESC_ADDED "\x1b[32m"     /* words added since the previous version */
#define ESC_REMOVED "\x1b[9;31m" /* words removed: struck out, red */

#endif
