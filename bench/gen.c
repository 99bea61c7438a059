/*
 * gen: writes the benchmark's canonical records (SPEC section 2), one per
 * line, deterministic for a seed.  A record is a pure function of its index,
 * so a re-delivery repeats an earlier line byte for byte.
 *
 * usage: gen [-n lines] [-s seed] [-d duplicate_percent] [-t records | stripe]
 *
 * No record has an end_date: the peers in bench/run do not spread spans.
 * With -t stripe it writes raw Stripe balance transactions instead, their
 * sources expanded, as rt-fetch-stripe does, for bench/normalize.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIRST_DAY 20089 /* 2025-01-01 as days since 1970-01-01 */
#define NDAYS 690 /* through 2026-11-21, the pinned RT_TODAY */
#define PAD 5 /* the order number ending a description: 0 to PAD-1 digits */

struct rng {
	uint64_t s;
};

static uint64_t
next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint32_t
below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((next(r) >> 32) * n) >> 32);
}

/* Picks an index from a table of weights. */
static int
pick(struct rng *r, const int *w, int n)
{
	int i, total = 0, x;

	for (i = 0; i < n; i++)
		total += w[i];
	x = (int)below(r, (uint32_t)total);
	for (i = 0; x >= w[i]; i++)
		x -= w[i];
	return i;
}

/* A bijection on 40 bits, so that distinct indexes give distinct ids that do not look sequential. */
static uint64_t
scramble(uint64_t x)
{
	const uint64_t m = (UINT64_C(1) << 40) - 1;

	x = (x * UINT64_C(0x5851f42d4c957f2d)) & m;
	x ^= x >> 20;
	x = (x * UINT64_C(0x14057b7ef767814f)) & m;
	x ^= x >> 17;
	return x;
}

static const char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static char *
put(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static char *
putu(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

static char *
puti(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		return putu(p, (uint64_t)0 - (uint64_t)v);
	}
	return putu(p, (uint64_t)v);
}

/*
 * The unique part (the scrambled index in the alphabet's base, wide enough
 * for 40 bits), then width random characters of the same alphabet.
 */
static char *
putid(char *p, struct rng *r, uint64_t index, int width, const char *alphabet, uint32_t nalpha)
{
	uint64_t u = scramble(index), span = 1;

	do {
		*p++ = alphabet[u % nalpha];
		u /= nalpha;
		span *= nalpha;
	} while (span < (UINT64_C(1) << 40));
	while (width-- > 0)
		*p++ = alphabet[below(r, nalpha)];
	return p;
}

enum { STRIPE, GUMROAD, IMPACT, CLOSE, REDVENTURES, ADSBYMONEY, MSN, NSOURCES };
static const char *const sources[] = { "stripe", "gumroad", "impact", "close", "redventures", "adsbymoney",
	"msn" };
static const int source_w[] = { 30, 15, 15, 10, 10, 10, 10 };

enum { SALE, REFUND, FEE, CHARGEBACK, ADJUSTMENT };
static const char *const kinds[] = { "sale", "refund", "fee", "chargeback", "adjustment" };
static const int shop_kind_w[] = { 86, 6, 5, 2, 1 }; /* stripe, gumroad */
static const int network_kind_w[] = { 95, 3, 0, 0, 2 }; /* affiliate networks, ad revenue */

static const char *const statuses[] = { "completed", "pending", "reversed" };
static const int status_w[] = { 88, 8, 4 };

static const char *const names[] = { "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Wonka",
	"Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Gringotts", "Monarch", "Aperture", "Black Mesa",
	"Dunder Mifflin", "Pied Piper", "Prestige", "Sterling Cooper", "Café Lumière", "Müller & Söhne",
	"Zürich Analytics", "Øresund Media", "Nakatomi", "Oceanic", "Massive Dynamic", "Bluth", "Krusty",
	"Duff", "Gekko", "Ollivander", "Blue Sun", "Weyland", "Rekall", "Omni", "Virtucon", "Spacely",
	"Cogswell", "Benthic" };
static const char *const suffixes[] = { " LLC", " Inc.", " Ltd", " GmbH", " Media", " Labs", " Studio",
	" Partners", " Holdings", " Group", " & Co.", " Digital", " Press", " Ventures", "", " SARL" };
static const char *const products[] = { "Pro plan", "Starter plan", "Team plan", "Course", "E-book",
	"Templates", "Consulting", "Audit", "Sponsorship", "License", "Workshop", "Support" };
static const char *const offers[] = { "Card offer", "Travel lead", "Refi lead", "Hosting signup", "VPN plan",
	"Broker funded", "Meal kit", "Insurance lead" };
static const char *const pages[] = { "/best-cards", "/vpn-review", "/travel-japan", "/standing-desks",
	"/newsletter-howto", "/deals", "/robot-vacuums", "/first-home" };

/* Minor units for a sale: roughly log-uniform over two to three decades. */
static int64_t
sale_amount(struct rng *r, const char *currency)
{
	int64_t lo = strcmp(currency, "JPY") == 0 ? 300 : 500;
	int64_t v = lo;
	int k = (int)below(r, 3);

	while (k-- > 0)
		v *= 10;
	return v + (int64_t)below(r, (uint32_t)(v * 9));
}

/* Writes record index into p; returns the end of the line (newline included). */
static char *
record(char *p, uint64_t seed, uint64_t index)
{
	struct rng r = { seed ^ (index * UINT64_C(0xd1b54a32d192ed03)) };
	const char *currency = "USD", *src;
	int s, kind, status, pad;
	int64_t amount;
	uint32_t day;
	int y, m, d, doy, mp, z, era, doe, yoe;

	next(&r);
	s = pick(&r, source_w, NSOURCES);
	src = sources[s];
	kind = pick(&r, s <= GUMROAD ? shop_kind_w : network_kind_w, 5);
	status = pick(&r, status_w, 3);
	if (s == STRIPE)
		currency = (const char *[]){ "USD", "USD", "USD", "USD", "USD", "USD", "USD", "EUR", "EUR",
			"JPY" }[below(&r, 10)];
	else if (s == GUMROAD || s == IMPACT)
		currency = below(&r, 10) < 8 ? "USD" : "EUR";

	/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
	day = FIRST_DAY + below(&r, NDAYS);
	z = (int)day + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);

	amount = sale_amount(&r, currency);
	switch (kind) {
	case REFUND:
	case CHARGEBACK:
		amount = -amount;
		break;
	case FEE:
		amount = -(amount * 29 / 1000 + (strcmp(currency, "JPY") == 0 ? 40 : 30));
		break;
	case ADJUSTMENT:
		amount = below(&r, 2) ? amount / 10 : -(amount / 10);
		break;
	}

	p = put(p, "{\"id\":\"");
	p = put(p, src);
	*p++ = ':';
	switch (s) {
	case STRIPE:
		p = put(p,
		    kind == FEE		     ? "txn_"
			: kind == REFUND     ? "re_"
			: kind == CHARGEBACK ? "dp_"
					     : "ch_");
		p = putid(p, &r, index, 5, b62, 62);
		break;
	case GUMROAD:
		p = putid(p, &r, index, 4, b62, 62);
		break;
	case CLOSE:
		p = put(p, "oppo_");
		p = putid(p, &r, index, 4, b62, 62);
		break;
	case REDVENTURES:
		p = putid(p, &r, index, 0, "0123456789abcdef", 16);
		*p++ = '-';
		for (pad = 0; pad < 4; pad++)
			*p++ = "0123456789abcdef"[below(&r, 16)];
		break;
	case ADSBYMONEY:
		p += sprintf(p, "%04d%02d%02d-", y, m, d);
		p = putid(p, &r, index, 0, "0123456789abcdefghijklmnopqrstuvwxyz", 36);
		break;
	default: /* impact, msn: numeric ids */
		p = putid(p, &r, index, 0, "0123456789", 10);
		break;
	}
	p = put(p, "\",\"source\":\"");
	p = put(p, src);
	p += sprintf(p, "\",\"date\":\"%04d-%02d-%02d\",\"amount_minor\":", y, m, d);
	p = puti(p, amount);
	p = put(p, ",\"currency\":\"");
	p = put(p, currency);
	p = put(p, "\",\"kind\":\"");
	p = put(p, kinds[kind]);
	p = put(p, "\",\"status\":\"");
	p = put(p, statuses[status]);
	if (s == STRIPE || s == GUMROAD || s == CLOSE) {
		/* Ad revenue and affiliate commissions name no buyer. */
		p = put(p, "\",\"client\":\"");
		p = put(p, names[below(&r, sizeof(names) / sizeof(names[0]))]);
		p = put(p, suffixes[below(&r, sizeof(suffixes) / sizeof(suffixes[0]))]);
	}
	p = put(p, "\",\"description\":\"");
	switch (s) {
	case STRIPE:
	case GUMROAD:
		if (below(&r, 100) == 0)
			p = put(p, "\\\"Launch\\\" ");
		p = put(p, products[below(&r, sizeof(products) / sizeof(products[0]))]);
		break;
	case MSN:
	case ADSBYMONEY:
		p = put(p, pages[below(&r, sizeof(pages) / sizeof(pages[0]))]);
		break;
	default:
		p = put(p, offers[below(&r, sizeof(offers) / sizeof(offers[0]))]);
		break;
	}
	/* An order number of varying length, tuned so that a line averages 188 bytes. */
	if ((pad = (int)below(&r, PAD)) > 0) {
		p = put(p, " #");
		while (pad-- > 0)
			*p++ = (char)('0' + below(&r, 10));
	}
	p = put(p, "\"}\n");
	return p;
}

/* Stripe's id alphabet, after a prefix such as "ch_". */
static char *
stripe_id(char *p, struct rng *r, const char *prefix, uint64_t index)
{
	p = put(p, prefix);
	return putid(p, r, index, 16, b62, 62);
}

static char *
put_field(char *p, const char *key, const char *value)
{
	p = put(p, ",\"");
	p = put(p, key);
	p = put(p, "\":\"");
	p = put(p, value);
	*p++ = '"';
	return p;
}

static char *
put_number(char *p, const char *key, int64_t v)
{
	p = put(p, ",\"");
	p = put(p, key);
	p = put(p, "\":");
	return puti(p, v);
}

enum { T_CHARGE, T_REFUND, T_DISPUTE, T_PAYOUT, T_STRIPE_FEE, T_ADJUSTMENT };
static const int stripe_type_w[] = { 88, 4, 1, 4, 2, 1 };

/* The expanded source of a charge, refund or dispute. */
static char *
stripe_source(
    char *p, struct rng *r, int type, uint64_t index, int64_t amount, const char *cur, int64_t created)
{
	char pi[40], ch[40];

	*stripe_id(pi, r, "pi_", index) = '\0';
	*stripe_id(ch, r, "ch_", index) = '\0';
	p = put(p, "{\"id\":\"");
	p = stripe_id(p, r, type == T_CHARGE ? "ch_" : type == T_REFUND ? "re_" : "dp_", index);
	*p++ = '"';
	p = put_field(p, "object", type == T_CHARGE ? "charge" : type == T_REFUND ? "refund" : "dispute");
	p = put_number(p, "amount", amount);
	if (type == T_CHARGE) {
		p = put_number(p, "amount_captured", amount);
		p = put(p, ",\"amount_refunded\":0,\"billing_details\":{\"address\":null,\"email\":\"");
		p = put(p, names[below(r, sizeof(names) / sizeof(names[0]))]);
		p = put(p, "@example.com\",\"name\":\"");
		p = put(p, names[below(r, sizeof(names) / sizeof(names[0]))]);
		p = put(p, suffixes[below(r, sizeof(suffixes) / sizeof(suffixes[0]))]);
		p = put(p, "\",\"phone\":null},\"captured\":true");
	} else
		p = put_field(p, "charge", ch);
	p = put_number(p, "created", created);
	p = put_field(p, "currency", cur);
	if (type == T_CHARGE) {
		p = put(p, ",\"customer\":\"cus_");
		p = putid(p, r, index, 6, b62, 62);
		p = put(p, "\",\"description\":\"");
		p = put(p, products[below(r, sizeof(products) / sizeof(products[0]))]);
		p = put(p, "\",\"disputed\":false,\"livemode\":true,\"metadata\":{},\"paid\":true");
	} else
		p = put(p, ",\"metadata\":{}");
	if (type == T_CHARGE && below(r, 100) < 3)
		p = put(p, ",\"payment_intent\":null");
	else
		p = put_field(p, "payment_intent", pi);
	if (type == T_CHARGE)
		p = put(p, ",\"receipt_email\":null,\"refunded\":false,\"status\":\"succeeded\"}");
	else
		p = put(p,
		    type == T_REFUND ? ",\"reason\":\"requested_by_customer\",\"status\":\"succeeded\"}"
				     : ",\"reason\":\"fraudulent\",\"status\":\"lost\"}");
	return p;
}

/* A raw balance transaction, index-determined; returns the end of the line. */
static char *
stripe_txn(char *p, uint64_t seed, uint64_t index)
{
	static const char *const types[] = { "charge", "refund", "adjustment", "payout", "stripe_fee",
		"adjustment" };
	static const char *const categories[] = { "charge", "refund", "dispute", "payout", "fee",
		"other_adjustment" };
	struct rng r = { seed ^ (index * UINT64_C(0xd1b54a32d192ed03)) };
	int type = pick(&r, stripe_type_w, 6), c = (int)below(&r, 100);
	const char *cur = c < 85 ? "usd" : c < 97 ? "eur" : "jpy";
	int64_t created = INT64_C(1767247200) + below(&r, 27997200), amount, fee = 0;

	next(&r);
	amount = sale_amount(&r, cur[0] == 'j' ? "JPY" : "USD");
	if (type == T_CHARGE)
		fee = amount * 29 / 1000 + (cur[0] == 'j' ? 40 : 30);
	else if (type == T_DISPUTE)
		fee = 1500;
	else if (type == T_PAYOUT || type == T_STRIPE_FEE || type == T_ADJUSTMENT)
		amount = type == T_STRIPE_FEE ? -(amount / 50 + 1) : -amount;
	p = put(p, "{\"id\":\"");
	p = stripe_id(p, &r, "txn_", index);
	p = put(p, "\",\"object\":\"balance_transaction\"");
	p = put_number(p, "amount", type == T_REFUND || type == T_DISPUTE ? -amount : amount);
	p = put_number(p, "available_on", created + 172800);
	p = put_number(p, "created", created);
	p = put_field(p, "currency", cur);
	p = put(p, ",\"description\":null,\"exchange_rate\":null");
	p = put_number(p, "fee", fee);
	if (fee != 0) {
		p = put(p, ",\"fee_details\":[{\"amount\":");
		p = puti(p, fee);
		p = put(p, ",\"application\":null,\"currency\":\"");
		p = put(p, cur);
		p = put(p, "\",\"description\":\"Stripe processing fees\",\"type\":\"stripe_fee\"}]");
	} else
		p = put(p, ",\"fee_details\":[]");
	p = put_number(p, "net", (type == T_REFUND || type == T_DISPUTE ? -amount : amount) - fee);
	p = put_field(p, "reporting_category", categories[type]);
	p = put(p, ",\"source\":");
	if (type <= T_DISPUTE)
		p = stripe_source(p, &r, type, index, amount, cur, created - (type == T_CHARGE ? 0 : 86400));
	else if (type == T_PAYOUT) {
		p = put(p, "{\"id\":\"");
		p = stripe_id(p, &r, "po_", index);
		p = put(p, "\",\"object\":\"payout\"}");
	} else
		p = put(p, "null");
	p = put_field(p, "status", "available");
	p = put_field(p, "type", types[type]);
	return put(p, "}\n");
}

int
main(int argc, char *argv[])
{
	struct rng lines;
	uint64_t n = 1000000, seed = 20261121, unique = 0, i, earlier;
	unsigned dup = 5;
	static char buf[1 << 20];
	char *p = buf, *(*line)(char *, uint64_t, uint64_t) = record;
	int ch;

	while ((ch = getopt(argc, argv, "d:n:s:t:")) != -1) {
		switch (ch) {
		case 'd':
			dup = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'n':
			n = strtoull(optarg, NULL, 10);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 't':
			if (strcmp(optarg, "stripe") == 0)
				line = stripe_txn;
			else if (strcmp(optarg, "records") != 0) {
				fprintf(stderr, "gen: -t wants records or stripe\n");
				return 2;
			}
			break;
		default:
			fprintf(stderr,
			    "usage: gen [-n lines] [-s seed] [-d duplicate_percent] [-t records | stripe]\n");
			return 2;
		}
	}
	if (dup > 50) {
		fprintf(stderr, "gen: -d wants 0 to 50\n");
		return 2;
	}
	lines.s = seed;
	for (i = 0; i < n; i++) {
		if (unique > 0 && below(&lines, 10000) < dup * 100) {
			/* Re-deliveries are mostly recent, some from long ago. */
			if (below(&lines, 4) == 0 || unique <= 20000)
				earlier = (uint64_t)(((next(&lines) >> 32) * unique) >> 32);
			else
				earlier = unique - 1 - below(&lines, 20000);
			p = line(p, seed, earlier);
		} else
			p = line(p, seed, unique++);
		if (p - buf > (long)sizeof(buf) - 4096) {
			if (fwrite(buf, 1, (size_t)(p - buf), stdout) != (size_t)(p - buf))
				break;
			p = buf;
		}
	}
	if (fwrite(buf, 1, (size_t)(p - buf), stdout) != (size_t)(p - buf) || fflush(stdout) == EOF) {
		perror("gen: stdout");
		return 1;
	}
	return 0;
}
