/* emphtext.c: paragraphs with italic flags, written with *...* (see
 * emphtext.h). */
#include "emphtext.h"

void emphtext_append(struct emphtext *p, const char *s, size_t len, int italic)
{
	for (size_t i = 0; i < len; i++) {
		char ch = s[i] == '\t' ? ' ' : s[i];
		char last = p->text.len ? p->text.data[p->text.len - 1] : '\n';
		if ((unsigned char)ch < ' ' && ch != '\n')
			continue;
		if (ch == ' ' && (last == ' ' || last == '\n'))
			continue;
		buf_append_byte(&p->text, (uint8_t)ch);
		buf_append_byte(&p->italic, (uint8_t)(italic != 0));
	}
}

void emphtext_trim_end(struct emphtext *p)
{
	while (p->text.len && (p->text.data[p->text.len - 1] == ' ' ||
	                       p->text.data[p->text.len - 1] == '\n'))
		emphtext_drop_last(p);
}

void emphtext_drop_last(struct emphtext *p)
{
	p->text.len--;
	p->italic.len--;
	p->text.data[p->text.len] = '\0';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\n';
}

void emphtext_write(const struct emphtext *p, struct buf *out)
{
	size_t i = 0, n = p->text.len;
	const char *t = p->text.data;
	const char *it = p->italic.data;

	while (i < n) {
		size_t e = i + 1;
		if (!it[i] || is_blank(t[i])) {
			buf_append_byte(out, (uint8_t)t[i++]);
			continue;
		}
		for (size_t k = i + 1; k < n && (it[k] || is_blank(t[k])); k++)
			if (!is_blank(t[k]))
				e = k + 1;
		buf_append_byte(out, '*');
		buf_append(out, t + i, e - i);
		buf_append_byte(out, '*');
		i = e;
	}
}

void emphtext_release(struct emphtext *p)
{
	buf_release(&p->text);
	buf_release(&p->italic);
}
