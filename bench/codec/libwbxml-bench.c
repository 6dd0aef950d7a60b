/*
 * libwbxml baseline for the codec benchmark (bench/codec/run.sh builds and runs it).
 *
 * Usage: libwbxml-bench <corpus-dir>
 *   <corpus-dir>/manifest.txt lists one message name per line; <name>.xml and <name>.wbxml
 *   are the same message in both encodings (written by codec-bench.ts prepare).
 *
 * Times, in process, over the whole corpus, each operation in five rounds of at least 0.2 s
 * after a warm-up pass (mbPerSec: the best round; meanMbPerSec: all rounds):
 *   wbxml2xml      wbxml_conv_wbxml2xml_withlen (WBXML -> XML text), MB/s of WBXML in
 *   xml2wbxml      wbxml_conv_xml2wbxml_withlen (XML text -> WBXML, string table on, the
 *                  library default), MB/s of XML in
 *   xml2wbxmlNoStrtbl  the same without a string table
 *   treeFromWbxml  wbxml_tree_from_wbxml (WBXML -> libwbxml tree only), MB/s of WBXML in
 *   treeFromXml    wbxml_tree_from_xml (XML -> libwbxml tree only, expat), MB/s of XML in
 *   treeToWbxml    wbxml_tree_to_wbxml from trees parsed beforehand (tree -> WBXML, no
 *                  string table), MB/s of the XML the trees came from
 * and prints one JSON object on stdout.
 *
 * Debian's libwbxml2-dev ships only the conversion API headers; the tree functions are
 * exported by the shared library, so their prototypes (libwbxml 0.11, src/wbxml_tree.h) are
 * declared here.
 */
#include <wbxml/wbxml.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct WBXMLTree_s WBXMLTree;
extern WBXMLError wbxml_tree_from_wbxml(WB_UTINY *wbxml, WB_ULONG wbxml_len, WBXMLLanguage lang,
                                        WBXMLCharsetMIBEnum charset, WBXMLTree **tree);
extern WBXMLError wbxml_tree_from_xml(WB_UTINY *xml, WB_ULONG xml_len, WBXMLTree **tree);
extern WBXMLError wbxml_tree_to_wbxml(WBXMLTree *tree, WB_UTINY **wbxml, WB_ULONG *wbxml_len,
                                      WBXMLGenWBXMLParams *params);
extern void wbxml_tree_destroy(WBXMLTree *tree);
extern void wbxml_free(void *memblock);

typedef struct {
    char name[256];
    unsigned char *xml;
    size_t xml_len;
    unsigned char *wbxml;
    size_t wbxml_len;
    WBXMLTree *tree; /* parsed from xml, for treeToWbxml */
} Doc;

static Doc *docs = NULL;
static size_t ndocs = 0;
static size_t xml_bytes = 0;
static size_t wbxml_bytes = 0;

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    /* One spare NUL: some libwbxml paths treat XML as a C string. */
    unsigned char *buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    buf[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void load(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    FILE *m = fopen(path, "r");
    if (m == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    char line[256];
    size_t cap = 0;
    while (fgets(line, sizeof line, m) != NULL) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == 0) continue;
        if (ndocs == cap) {
            cap = cap == 0 ? 64 : cap * 2;
            docs = realloc(docs, cap * sizeof *docs);
        }
        Doc *d = &docs[ndocs++];
        memset(d, 0, sizeof *d);
        snprintf(d->name, sizeof d->name, "%s", line);
        snprintf(path, sizeof path, "%s/%s.xml", dir, line);
        d->xml = read_file(path, &d->xml_len);
        snprintf(path, sizeof path, "%s/%s.wbxml", dir, line);
        d->wbxml = read_file(path, &d->wbxml_len);
        xml_bytes += d->xml_len;
        wbxml_bytes += d->wbxml_len;
    }
    fclose(m);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static WBXMLGenXMLParams xml_params = {WBXML_GEN_XML_COMPACT, WBXML_LANG_UNKNOWN, WBXML_CHARSET_UNKNOWN, 0, FALSE};
static WBXMLGenWBXMLParams wbxml_params = {WBXML_VERSION_12, FALSE, TRUE, FALSE};
static WBXMLGenWBXMLParams wbxml_params_nostrtbl = {WBXML_VERSION_12, FALSE, FALSE, FALSE};

/* One pass of an operation over every document; returns non-zero on the first failure. */
typedef int (*Pass)(int check);

static int fail(const char *op, const Doc *d, WBXMLError e) {
    fprintf(stderr, "%s failed on %s: %s\n", op, d->name, (const char *)wbxml_errors_string(e));
    return 1;
}

static int pass_wbxml2xml(int check) {
    for (size_t i = 0; i < ndocs; i++) {
        WB_UTINY *out = NULL;
        WB_ULONG out_len = 0;
        WBXMLError e = wbxml_conv_wbxml2xml_withlen(docs[i].wbxml, docs[i].wbxml_len, &out, &out_len, &xml_params);
        if (e != WBXML_OK) return check ? fail("wbxml2xml", &docs[i], e) : 1;
        wbxml_free(out);
    }
    return 0;
}

static int xml2wbxml_with(WBXMLGenWBXMLParams *params, int check, const char *op) {
    for (size_t i = 0; i < ndocs; i++) {
        WB_UTINY *out = NULL;
        WB_ULONG out_len = 0;
        WBXMLError e = wbxml_conv_xml2wbxml_withlen(docs[i].xml, docs[i].xml_len, &out, &out_len, params);
        if (e != WBXML_OK) return check ? fail(op, &docs[i], e) : 1;
        wbxml_free(out);
    }
    return 0;
}

static int pass_xml2wbxml(int check) { return xml2wbxml_with(&wbxml_params, check, "xml2wbxml"); }
static int pass_xml2wbxml_nostrtbl(int check) { return xml2wbxml_with(&wbxml_params_nostrtbl, check, "xml2wbxmlNoStrtbl"); }

static int pass_tree_from_wbxml(int check) {
    for (size_t i = 0; i < ndocs; i++) {
        WBXMLTree *tree = NULL;
        WBXMLError e = wbxml_tree_from_wbxml(docs[i].wbxml, docs[i].wbxml_len, WBXML_LANG_UNKNOWN, WBXML_CHARSET_UNKNOWN, &tree);
        if (e != WBXML_OK) return check ? fail("treeFromWbxml", &docs[i], e) : 1;
        wbxml_tree_destroy(tree);
    }
    return 0;
}

static int pass_tree_from_xml(int check) {
    for (size_t i = 0; i < ndocs; i++) {
        WBXMLTree *tree = NULL;
        WBXMLError e = wbxml_tree_from_xml(docs[i].xml, docs[i].xml_len, &tree);
        if (e != WBXML_OK) return check ? fail("treeFromXml", &docs[i], e) : 1;
        wbxml_tree_destroy(tree);
    }
    return 0;
}

static int pass_tree_to_wbxml(int check) {
    for (size_t i = 0; i < ndocs; i++) {
        WB_UTINY *out = NULL;
        WB_ULONG out_len = 0;
        WBXMLError e = wbxml_tree_to_wbxml(docs[i].tree, &out, &out_len, &wbxml_params_nostrtbl);
        if (e != WBXML_OK) return check ? fail("treeToWbxml", &docs[i], e) : 1;
        wbxml_free(out);
    }
    return 0;
}

static int first = 1;

/*
 * Five rounds of at least 0.2 s each (at least 3 passes); the best round is the headline
 * figure (least disturbed by other load on the machine), the mean of all rounds is kept too.
 */
static void measure(const char *name, Pass pass, size_t basis_bytes, const char *basis) {
    if (pass(1) != 0) exit(1); /* checks every document and warms up */
    double best = 0, total_seconds = 0;
    long total_passes = 0;
    for (int round = 0; round < 5; round++) {
        double start = now();
        double elapsed = 0;
        long passes = 0;
        while (elapsed < 0.2 || passes < 3) {
            pass(0);
            passes++;
            elapsed = now() - start;
        }
        double mbps = (double)basis_bytes * (double)passes / elapsed / 1e6;
        if (mbps > best) best = mbps;
        total_seconds += elapsed;
        total_passes += passes;
    }
    double mean = (double)basis_bytes * (double)total_passes / total_seconds / 1e6;
    printf("%s\n    \"%s\": {\"mbPerSec\": %.3f, \"meanMbPerSec\": %.3f, \"basis\": \"%s\", \"bytesPerPass\": %zu, \"passes\": %ld, \"seconds\": %.3f}",
           first ? "" : ",", name, best, mean, basis, basis_bytes, total_passes, total_seconds);
    first = 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <corpus-dir>\n", argv[0]);
        return 2;
    }
    load(argv[1]);
    if (ndocs == 0) {
        fprintf(stderr, "empty corpus\n");
        return 2;
    }
    for (size_t i = 0; i < ndocs; i++) {
        WBXMLError e = wbxml_tree_from_xml(docs[i].xml, docs[i].xml_len, &docs[i].tree);
        if (e != WBXML_OK) return fail("treeFromXml", &docs[i], e);
    }
    printf("{\n  \"documents\": %zu,\n  \"xmlBytes\": %zu,\n  \"wbxmlBytes\": %zu,\n  \"operations\": {", ndocs, xml_bytes,
           wbxml_bytes);
    measure("wbxml2xml", pass_wbxml2xml, wbxml_bytes, "wbxml");
    measure("xml2wbxml", pass_xml2wbxml, xml_bytes, "xml");
    measure("xml2wbxmlNoStrtbl", pass_xml2wbxml_nostrtbl, xml_bytes, "xml");
    measure("treeFromWbxml", pass_tree_from_wbxml, wbxml_bytes, "wbxml");
    measure("treeFromXml", pass_tree_from_xml, xml_bytes, "xml");
    measure("treeToWbxml", pass_tree_to_wbxml, xml_bytes, "xml");
    printf("\n  }\n}\n");
    for (size_t i = 0; i < ndocs; i++) {
        wbxml_tree_destroy(docs[i].tree);
        free(docs[i].xml);
        free(docs[i].wbxml);
    }
    free(docs);
    return 0;
}
