/* Optional C versions of the batch path's per-token loops (built by `python setup.py build_ext --inplace`).
 *
 * Each function here returns exactly what its pure-Python twin returns (named beside it); the Python modules use
 * these when the extension is built and their own code otherwise (tests/test_speedups.py checks the two agree).
 * No state: every table is passed in by the caller.
 */
#define _GNU_SOURCE  /* memmem */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static PyObject *NOT_PREFIX;  /* "not_" */
static PyObject *NT_SUFFIX;   /* "n't" */
static PyObject *ROUND_NAME;  /* "__round__" */
static PyObject *EXCLAMATION, *QUESTION;  /* "!", "?" */
static PyObject *THREE, *FOUR;  /* 3, 4: round()'s digits */
static PyObject *SUM;  /* the builtin sum */

/* Append a new reference to `list` and drop it: -1 (an exception set) when `item` is NULL (its maker failed) or the
 * append fails. */
static int
append_new(PyObject *list, PyObject *item)
{
    if (item == NULL)
        return -1;
    int failed = PyList_Append(list, item);
    Py_DECREF(item);
    return failed;
}

/* a + " " + b, for two str objects. */
static PyObject *
join_pair(PyObject *a, PyObject *b)
{
    Py_ssize_t la = PyUnicode_GET_LENGTH(a), lb = PyUnicode_GET_LENGTH(b);
    Py_UCS4 maxchar = PyUnicode_MAX_CHAR_VALUE(a);
    if (PyUnicode_MAX_CHAR_VALUE(b) > maxchar)
        maxchar = PyUnicode_MAX_CHAR_VALUE(b);
    PyObject *joined = PyUnicode_New(la + 1 + lb, maxchar);
    if (joined == NULL)
        return NULL;
    if (PyUnicode_CopyCharacters(joined, 0, a, 0, la) < 0
        || PyUnicode_WriteChar(joined, la, ' ') < 0
        || PyUnicode_CopyCharacters(joined, la + 1, b, 0, lb) < 0) {
        Py_DECREF(joined);
        return NULL;
    }
    return joined;
}

/* The negation-marked tokens of features.ngrams (before its bigrams and its each-once step), a new list. */
static PyObject *
mark(PyObject *tokens, PyObject *scope_end, PyObject *negators)
{
    if (!PyList_Check(tokens) || !PyAnySet_Check(scope_end) || !PyAnySet_Check(negators)) {
        PyErr_SetString(PyExc_TypeError, "tokens must be a list, scope_end and negators sets");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(tokens);
    PyObject *marked = PyList_New(0);
    if (marked == NULL)
        return NULL;
    int negated = 0;
    for (Py_ssize_t index = 0; index < count; index++) {
        PyObject *token = PyList_GET_ITEM(tokens, index);
        if (!PyUnicode_Check(token)) {
            PyErr_SetString(PyExc_TypeError, "every token must be a str");
            goto error;
        }
        int ends = PySet_Contains(scope_end, token);
        if (ends < 0)
            goto error;
        if (ends) {
            negated = 0;
            if ((PyUnicode_CompareWithASCIIString(token, "!") == 0
                 || PyUnicode_CompareWithASCIIString(token, "?") == 0)
                && PyList_Append(marked, token) < 0)
                goto error;
            continue;
        }
        if (negated) {
            PyObject *prefixed = PyUnicode_Concat(NOT_PREFIX, token);
            if (prefixed == NULL)
                goto error;
            int failed = PyList_Append(marked, prefixed);
            Py_DECREF(prefixed);
            if (failed < 0)
                goto error;
        }
        else {
            if (PyList_Append(marked, token) < 0)
                goto error;
            int negator = PySet_Contains(negators, token);
            if (negator == 0)
                negator = (int)PyUnicode_Tailmatch(token, NT_SUFFIX, 0, PY_SSIZE_T_MAX, 1);
            if (negator < 0)
                goto error;
            negated = negator;
        }
    }
    return marked;

error:
    Py_DECREF(marked);
    return NULL;
}

/* Append `feature` to `found` unless `seen` holds it. Returns -1 on error. */
static int
add_feature(PyObject *feature, PyObject *seen, PyObject *found)
{
    int known = PySet_Contains(seen, feature);
    if (known != 0)
        return known < 0 ? -1 : 0;
    return PySet_Add(seen, feature) < 0 || PyList_Append(found, feature) < 0 ? -1 : 0;
}

/* features.ngrams(tokens): ngrams(tokens, scope_end, negators) -> list[str] */
static PyObject *
ngrams(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "ngrams(tokens, scope_end, negators)");
        return NULL;
    }
    PyObject *marked = mark(args[0], args[1], args[2]);
    if (marked == NULL)
        return NULL;
    PyObject *seen = PySet_New(NULL), *found = PyList_New(0);
    if (seen == NULL || found == NULL)
        goto error;
    Py_ssize_t count = PyList_GET_SIZE(marked);
    for (Py_ssize_t index = 0; index < count; index++) {
        if (add_feature(PyList_GET_ITEM(marked, index), seen, found) < 0)
            goto error;
    }
    for (Py_ssize_t index = 0; index + 1 < count; index++) {
        PyObject *pair = join_pair(PyList_GET_ITEM(marked, index), PyList_GET_ITEM(marked, index + 1));
        if (pair == NULL)
            goto error;
        int failed = add_feature(pair, seen, found);
        Py_DECREF(pair);
        if (failed < 0)
            goto error;
    }
    Py_DECREF(marked);
    Py_DECREF(seen);
    return found;

error:
    Py_DECREF(marked);
    Py_XDECREF(seen);
    Py_XDECREF(found);
    return NULL;
}

/* ---- A read-only table of weights keyed by strings, looked up without making the key a str object. ---- */

typedef struct {
    Py_ssize_t mask;            /* slots - 1 (a power of two) */
    uint64_t *hashes;           /* per slot; 0: empty */
    uint32_t *starts, *sizes;   /* the key's UTF-8 bytes in `keys` */
    double *re, *im;
    unsigned char *parts;       /* bit 0: the first dict has the key, bit 1: the second has it */
    char *keys;
    int second_unmarked;        /* the second model reads features without "not_" marks (features.unmarked) */
} Table;

#define FNV_START 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

static inline uint64_t
fnv(uint64_t hash, const char *bytes, Py_ssize_t size)
{
    for (Py_ssize_t index = 0; index < size; index++) {
        hash ^= (unsigned char)bytes[index];
        hash *= FNV_PRIME;
    }
    return hash;
}

static inline uint64_t
finish(uint64_t hash)
{
    return hash ? hash : 1;  /* 0 marks an empty slot */
}

static void
table_free(Table *table)
{
    if (table == NULL)
        return;
    PyMem_Free(table->hashes);
    PyMem_Free(table->starts);
    PyMem_Free(table->sizes);
    PyMem_Free(table->re);
    PyMem_Free(table->im);
    PyMem_Free(table->parts);
    PyMem_Free(table->keys);
    PyMem_Free(table);
}

static void
capsule_free(PyObject *capsule)
{
    table_free(PyCapsule_GetPointer(capsule, "analysis._speedups.Table"));
}

/* Slot of the key whose bytes are `first`, or `first` + " " + `second` when `second` is given, or -1. */
static inline Py_ssize_t
table_find(const Table *table, uint64_t hash, const char *first, Py_ssize_t first_size, const char *second,
           Py_ssize_t second_size)
{
    Py_ssize_t size = second == NULL ? first_size : first_size + 1 + second_size;
    for (Py_ssize_t slot = (Py_ssize_t)(hash & (uint64_t)table->mask);; slot = (slot + 1) & table->mask) {
        uint64_t found = table->hashes[slot];
        if (found == 0)
            return -1;
        if (found == hash && (Py_ssize_t)table->sizes[slot] == size) {
            const char *key = table->keys + table->starts[slot];
            if (memcmp(key, first, first_size) == 0
                && (second == NULL
                    || (key[first_size] == ' ' && memcmp(key + first_size + 1, second, second_size) == 0)))
                return slot;
        }
    }
}

/* Add `size` UTF-8 bytes of `key` with weight `value` to the real (part 0) or imaginary (part 1) part of its slot,
 * making the slot when the key is new (the other part 0.0). */
static void
table_put(Table *table, const char *bytes, Py_ssize_t size, int part, double value, Py_ssize_t *at)
{
    uint64_t hash = finish(fnv(FNV_START, bytes, size));
    Py_ssize_t slot = table_find(table, hash, bytes, size, NULL, 0);
    if (slot < 0) {
        slot = (Py_ssize_t)(hash & (uint64_t)table->mask);
        while (table->hashes[slot] != 0)
            slot = (slot + 1) & table->mask;
        memcpy(table->keys + *at, bytes, size);
        table->hashes[slot] = hash;
        table->starts[slot] = (uint32_t)*at;
        table->sizes[slot] = (uint32_t)size;
        *at += size;
    }
    if (part == 0)
        table->re[slot] = value;
    else
        table->im[slot] = value;
    table->parts[slot] |= (unsigned char)(1 << part);
}

/* weight_table(first: dict[str, float], second: dict[str, float], second_unmarked: bool) -> an opaque table for
 * features() and sums(): each feature of either dict -> first's weight + 1j * second's (0.0 where a dict lacks
 * it), as learned.paired_weights; with second_unmarked, a feature's second weight is that of its unmarked form,
 * once per unmarked form (features.WeightTable). */
static PyObject *
weight_table(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyDict_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError,
                        "weight_table(first, second, second_unmarked): two dicts of str -> float and a bool");
        return NULL;
    }
    int second_unmarked = PyObject_IsTrue(args[2]);
    if (second_unmarked < 0)
        return NULL;
    Py_ssize_t count = PyDict_GET_SIZE(args[0]) + PyDict_GET_SIZE(args[1]), slots = 8, total = 0, at = 0;
    while (slots * 3 < count * 4)  /* at most 3/4 full, even if the dicts share no key */
        slots *= 2;
    PyObject *key, *value;
    for (int part = 0; part < 2; part++) {
        Py_ssize_t position = 0;
        while (PyDict_Next(args[part], &position, &key, &value)) {
            Py_ssize_t size;
            if (!PyUnicode_Check(key) || PyUnicode_AsUTF8AndSize(key, &size) == NULL) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_TypeError, "weight_table: every key must be a str");
                return NULL;
            }
            if (!PyFloat_Check(value) && !PyLong_Check(value)) {
                PyErr_SetString(PyExc_TypeError, "weight_table: every weight must be a float or an int");
                return NULL;
            }
            total += size;
            if (total > UINT32_MAX) {
                PyErr_SetString(PyExc_OverflowError, "weight_table: the keys hold more than 4 GB");
                return NULL;
            }
        }
    }
    Table *table = PyMem_Calloc(1, sizeof(Table));
    if (table == NULL)
        return PyErr_NoMemory();
    table->mask = slots - 1;
    table->second_unmarked = second_unmarked;
    table->hashes = PyMem_Calloc(slots, sizeof(uint64_t));
    table->starts = PyMem_Calloc(slots, sizeof(uint32_t));
    table->sizes = PyMem_Calloc(slots, sizeof(uint32_t));
    table->re = PyMem_Calloc(slots, sizeof(double));
    table->im = PyMem_Calloc(slots, sizeof(double));
    table->parts = PyMem_Calloc(slots, 1);
    table->keys = PyMem_Malloc(total ? total : 1);
    if (!table->hashes || !table->starts || !table->sizes || !table->re || !table->im || !table->parts
        || !table->keys) {
        table_free(table);
        return PyErr_NoMemory();
    }
    for (int part = 0; part < 2; part++) {
        Py_ssize_t position = 0;
        while (PyDict_Next(args[part], &position, &key, &value)) {
            Py_ssize_t size;
            const char *bytes = PyUnicode_AsUTF8AndSize(key, &size);
            double weight = PyFloat_AsDouble(value);  /* an int too, as complex() takes it */
            if (weight == -1.0 && PyErr_Occurred()) {
                table_free(table);
                return NULL;
            }
            table_put(table, bytes, size, part, weight, &at);
        }
    }
    PyObject *capsule = PyCapsule_New(table, "analysis._speedups.Table", capsule_free);
    if (capsule == NULL)
        table_free(table);
    return capsule;
}

static Table *
table_of(PyObject *capsule)
{
    if (!PyCapsule_IsValid(capsule, "analysis._speedups.Table")) {
        PyErr_SetString(PyExc_TypeError, "table must come from weight_table()");
        return NULL;
    }
    return PyCapsule_GetPointer(capsule, "analysis._speedups.Table");
}

/* The slot of the str `item` in `table` (*slot -1 when absent): 1, or 0 when `item` is not ASCII (the callers then
 * leave the work to their Python code), or -1 (TypeError) when it is not a str. */
static int
find_item(const Table *table, PyObject *item, Py_ssize_t *slot)
{
    if (!PyUnicode_Check(item)) {
        PyErr_SetString(PyExc_TypeError, "every feature or word must be a str");
        return -1;
    }
    if (!PyUnicode_IS_ASCII(item))
        return 0;
    const char *bytes = (const char *)PyUnicode_1BYTE_DATA(item);
    Py_ssize_t size = PyUnicode_GET_LENGTH(item);
    *slot = table_find(table, finish(fnv(FNV_START, bytes, size)), bytes, size, NULL, 0);
    return 1;
}

/* The table of a (list, table) call, or NULL with a TypeError naming `usage`. */
static Table *
list_and_table(PyObject *const *args, Py_ssize_t nargs, const char *usage)
{
    if (nargs != 2 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, usage);
        return NULL;
    }
    return table_of(args[1]);
}

/* sums(features: list[str], table) -> complex: the sum of the features' weights in order (scoring.ngram_sums), or
 * None when a feature is not ASCII, or holds "not_" and the table's second model reads unmarked features (the
 * caller then runs its own code: the explanation path, not the batch one). */
static PyObject *
sums(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Table *table = list_and_table(args, nargs, "sums(features: list[str], table)");
    if (table == NULL)
        return NULL;
    double re = 0.0, im = 0.0;
    for (Py_ssize_t index = 0; index < PyList_GET_SIZE(args[0]); index++) {
        Py_ssize_t slot;
        int found = find_item(table, PyList_GET_ITEM(args[0], index), &slot);
        if (found < 0)
            return NULL;
        if (found == 0)
            Py_RETURN_NONE;
        if (table->second_unmarked) {
            PyObject *item = PyList_GET_ITEM(args[0], index);
            if (memmem(PyUnicode_1BYTE_DATA(item), PyUnicode_GET_LENGTH(item), "not_", 4) != NULL)
                Py_RETURN_NONE;
        }
        if (slot >= 0) {
            re += table->re[slot];
            im += table->im[slot];
        }
    }
    return PyComplex_FromDoubles(re, im);
}

/* word_sums' loop over the list `words`: 1, 0 when a word is not ASCII, -1 (an exception set) on error. */
static int
word_sums_of(const Table *table, PyObject *words, double *first, Py_ssize_t *first_count, double *positive,
             double *negative, Py_ssize_t *second_count)
{
    *first = *positive = *negative = 0.0;
    *first_count = *second_count = 0;
    for (Py_ssize_t index = 0; index < PyList_GET_SIZE(words); index++) {
        Py_ssize_t slot;
        int found = find_item(table, PyList_GET_ITEM(words, index), &slot);
        if (found <= 0)
            return found;
        if (slot < 0)
            continue;
        if (table->parts[slot] & 1) {
            *first += table->re[slot];
            (*first_count)++;
        }
        double second = table->im[slot];
        if (second != 0.0) {
            (*second_count)++;
            if (second > 0)
                *positive += second;
            else
                *negative -= second;
        }
    }
    return 1;
}

/* word_sums(words: list[str], table) -> (first_sum, first_count, second_positive, second_negative, second_count),
 * or None when a word is not ASCII (the caller then runs its own code): over the words, in order, the sum and count
 * of the first dict's weights of the words it has, and the sums of the second dict's positive weights and of minus
 * its negative ones, with the count of the words whose second weight is not zero (features.WeightTable.word_sums). */
static PyObject *
word_sums(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Table *table = list_and_table(args, nargs, "word_sums(words: list[str], table)");
    if (table == NULL)
        return NULL;
    double first, positive, negative;
    Py_ssize_t first_count, second_count;
    int found = word_sums_of(table, args[0], &first, &first_count, &positive, &negative, &second_count);
    if (found <= 0)
        return found < 0 ? NULL : Py_NewRef(Py_None);
    return Py_BuildValue("(dnddn)", first, first_count, positive, negative, second_count);
}

/* Add the second weight at `slot` (nothing when -1) to *im; with `seen` (a set of slot + 1, 0 empty), only the
 * first time that slot comes: a model that reads unmarked features counts each unmarked form once. */
static inline void
add_second(const Table *table, Py_ssize_t slot, double *im, Py_ssize_t *seen, Py_ssize_t seen_mask)
{
    if (slot < 0)
        return;
    if (seen != NULL) {
        Py_ssize_t at = (Py_ssize_t)((((uint64_t)slot * 0x9E3779B97F4A7C15ULL) >> 32) & (uint64_t)seen_mask);
        for (; seen[at] != 0; at = (at + 1) & seen_mask)
            if (seen[at] == slot + 1)
                return;
        seen[at] = slot + 1;
    }
    *im += table->im[slot];
}

/* The same features as ngrams(), reduced to what the batch path reads: how many there are, the sums of their
 * weights in `table` (added in ngrams()' order, so the sums are the same floats as scoring.ngram_sums'), and the
 * unigrams (each once, in order). No bigram is made into a str: it is looked up by its two words' bytes. When the
 * table's second model reads unmarked features, its part is looked up by the words without "not_", each unmarked
 * form once (features.WeightTable.sums). None when a token is not ASCII or holds a space (the caller then runs its
 * own code).
 * features(tokens, scope_end, negators, table) -> (count, complex, list[str]) | None */
static PyObject *
features(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "features(tokens, scope_end, negators, table)");
        return NULL;
    }
    Table *table = table_of(args[3]);
    if (table == NULL)
        return NULL;
    PyObject *marked = mark(args[0], args[1], args[2]);
    if (marked == NULL)
        return NULL;
    PyObject *result = NULL, *words = PyList_New(0);
    Py_ssize_t count = PyList_GET_SIZE(marked), slots = 8;
    while (slots < 2 * count)
        slots *= 2;
    /* One block: per marked token its unigram's number; per unigram its bytes, size, hash and the hash state after
     * "<word> ", and the same for the word without "not_"; two open-addressing sets (unigram number + 1 by hash;
     * bigram key) and the set of second-part slots already added. Small texts use the stack. */
    size_t need = count * (sizeof(Py_ssize_t) + 2 * sizeof(char *) + 2 * sizeof(Py_ssize_t) + 3 * sizeof(uint64_t))
                  + slots * (sizeof(Py_ssize_t) + sizeof(uint64_t)) + 2 * slots * sizeof(Py_ssize_t);
    char stack[16384];
    char *block = need <= sizeof(stack) ? stack : PyMem_Malloc(need);
    if (words == NULL)
        goto done;
    if (block == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    memset(block, 0, need);
    Py_ssize_t *ids = (Py_ssize_t *)block;
    const char **bytes = (const char **)(ids + count);
    Py_ssize_t *sizes = (Py_ssize_t *)(bytes + count);
    uint64_t *hashes = (uint64_t *)(sizes + count);
    uint64_t *spaced = hashes + count;
    const char **plain_bytes = (const char **)(spaced + count);    /* the word without "not_" */
    Py_ssize_t *plain_sizes = (Py_ssize_t *)(plain_bytes + count);
    uint64_t *plain_spaced = (uint64_t *)(plain_sizes + count);
    Py_ssize_t *unigram_slots = (Py_ssize_t *)(plain_spaced + count);  /* unigram number + 1; 0: empty */
    uint64_t *pairs = (uint64_t *)(unigram_slots + slots);             /* bigram key; 0: empty */
    Py_ssize_t *seen = (Py_ssize_t *)(pairs + slots);                  /* second-part slot + 1; 0: empty */
    Py_ssize_t mask = slots - 1, seen_mask = 2 * slots - 1;
    double re = 0.0, im = 0.0;
    Py_ssize_t distinct = 0, features_found = 0;
    int unmarked = table->second_unmarked, any_marked = 0;
    for (Py_ssize_t index = 0; index < count; index++) {
        PyObject *token = PyList_GET_ITEM(marked, index);
        /* features.tokenize makes ASCII tokens without spaces only; the caller's code does the rest. */
        if (!PyUnicode_IS_ASCII(token)) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        Py_ssize_t size = PyUnicode_GET_LENGTH(token);
        const char *utf8 = (const char *)PyUnicode_1BYTE_DATA(token);  /* kept alive by `marked` */
        if (memchr(utf8, ' ', size) != NULL) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        any_marked |= unmarked && size >= 4 && memcmp(utf8, "not_", 4) == 0;
    }
    /* Each unmarked form once: only a text with a "not_" word can have two features of one unmarked form. */
    Py_ssize_t *once = any_marked ? seen : NULL;
    for (Py_ssize_t index = 0; index < count; index++) {
        PyObject *token = PyList_GET_ITEM(marked, index);
        Py_ssize_t size = PyUnicode_GET_LENGTH(token);
        const char *utf8 = (const char *)PyUnicode_1BYTE_DATA(token);
        uint64_t hash = fnv(FNV_START, utf8, size);
        Py_ssize_t slot = (Py_ssize_t)(hash & (uint64_t)mask), known = -1;
        for (; unigram_slots[slot] != 0; slot = (slot + 1) & mask) {
            Py_ssize_t other = unigram_slots[slot] - 1;
            if (hashes[other] == hash && sizes[other] == size && memcmp(bytes[other], utf8, size) == 0) {
                known = other;
                break;
            }
        }
        if (known >= 0) {
            ids[index] = known;
            continue;
        }
        if (PyList_Append(words, token) < 0)
            goto done;
        unigram_slots[slot] = distinct + 1;
        bytes[distinct] = utf8;
        sizes[distinct] = size;
        hashes[distinct] = hash;
        spaced[distinct] = fnv(hash, " ", 1);
        Py_ssize_t found = table_find(table, finish(hash), utf8, size, NULL, 0), second = found;
        if (unmarked && size >= 4 && memcmp(utf8, "not_", 4) == 0) {
            uint64_t plain = fnv(FNV_START, utf8 + 4, size - 4);
            plain_bytes[distinct] = utf8 + 4;
            plain_sizes[distinct] = size - 4;
            plain_spaced[distinct] = fnv(plain, " ", 1);
            second = table_find(table, finish(plain), utf8 + 4, size - 4, NULL, 0);
        } else {
            plain_bytes[distinct] = utf8;
            plain_sizes[distinct] = size;
            plain_spaced[distinct] = spaced[distinct];
        }
        if (found >= 0)
            re += table->re[found];
        add_second(table, second, &im, once, seen_mask);
        ids[index] = distinct++;
    }
    features_found = distinct;
    for (Py_ssize_t index = 0; index + 1 < count; index++) {
        Py_ssize_t first = ids[index], second = ids[index + 1];
        uint64_t key = (uint64_t)first * (uint64_t)(distinct + 1) + (uint64_t)second + 1;  /* never 0 */
        Py_ssize_t slot = (Py_ssize_t)(((key * 0x9E3779B97F4A7C15ULL) >> 32) & (uint64_t)mask);
        while (pairs[slot] != 0 && pairs[slot] != key)
            slot = (slot + 1) & mask;
        if (pairs[slot] == key)
            continue;  /* this bigram came earlier */
        pairs[slot] = key;
        features_found++;
        uint64_t hash = finish(fnv(spaced[first], bytes[second], sizes[second]));
        Py_ssize_t found = table_find(table, hash, bytes[first], sizes[first], bytes[second], sizes[second]);
        Py_ssize_t plain = found;
        if (plain_bytes[first] != bytes[first] || plain_bytes[second] != bytes[second])
            plain = table_find(table, finish(fnv(plain_spaced[first], plain_bytes[second], plain_sizes[second])),
                               plain_bytes[first], plain_sizes[first], plain_bytes[second], plain_sizes[second]);
        if (found >= 0)
            re += table->re[found];
        add_second(table, plain, &im, once, seen_mask);
    }
    PyObject *sums = PyComplex_FromDoubles(re, im);
    if (sums != NULL)
        result = Py_BuildValue("(nNO)", features_found, sums, words);

done:
    if (block != stack)
        PyMem_Free(block);
    Py_DECREF(marked);
    Py_XDECREF(words);
    return result;
}

/* Whether `needle` (a str) is in `haystack` (an ASCII str); -1 on error. */
static inline int
contains(PyObject *haystack, PyObject *needle)
{
    if (!PyUnicode_Check(needle)) {
        PyErr_SetString(PyExc_TypeError, "requirements must hold str");
        return -1;
    }
    if (!PyUnicode_IS_ASCII(needle))
        return PyUnicode_Contains(haystack, needle);
    Py_ssize_t size = PyUnicode_GET_LENGTH(needle);
    if (size == 0)
        return 1;
    return memmem(PyUnicode_1BYTE_DATA(haystack), PyUnicode_GET_LENGTH(haystack), PyUnicode_1BYTE_DATA(needle),
                  size) != NULL;
}

/* triggers.Triggers.may_match's test of the normalised text: one alternative whose every requirement has one of
 * its strings in the text. alternatives: tuple of tuples of tuples of str. 1, 0 or -1 (error). */
static int
alternative_met(PyObject *alternatives, PyObject *text)
{
    if (!PyTuple_Check(alternatives)) {
        PyErr_SetString(PyExc_TypeError, "alternatives must be a tuple of tuples of tuples of str");
        return -1;
    }
    for (Py_ssize_t a = 0; a < PyTuple_GET_SIZE(alternatives); a++) {
        PyObject *requirements = PyTuple_GET_ITEM(alternatives, a);
        if (!PyTuple_Check(requirements)) {
            PyErr_SetString(PyExc_TypeError, "alternatives must be a tuple of tuples of tuples of str");
            return -1;
        }
        int all_met = 1;
        for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(requirements) && all_met; r++) {
            PyObject *requirement = PyTuple_GET_ITEM(requirements, r);
            if (!PyTuple_Check(requirement)) {
                PyErr_SetString(PyExc_TypeError, "alternatives must be a tuple of tuples of tuples of str");
                return -1;
            }
            int met = 0;
            for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(requirement) && !met; k++) {
                met = contains(text, PyTuple_GET_ITEM(requirement, k));
                if (met < 0)
                    return -1;
            }
            all_met = met;
        }
        if (all_met)
            return 1;
    }
    return 0;
}

/* met(alternatives, normalised) -> bool: see alternative_met (normalised: an ASCII str, triggers.normalise). */
static PyObject *
met(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[1]) || !PyUnicode_IS_ASCII(args[1])) {
        PyErr_SetString(PyExc_TypeError, "met(alternatives, normalised): normalised must be an ASCII str");
        return NULL;
    }
    int found = alternative_met(args[0], args[1]);
    if (found < 0)
        return NULL;
    return PyBool_FromLong(found);
}

/* met_indices(alternatives_list, normalised) -> tuple[int, ...]: the indices of the entries that are met; an entry
 * None (a pattern whose requirements could not be read) always is. */
static PyObject *
met_indices(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyTuple_Check(args[0]) || !PyUnicode_Check(args[1]) || !PyUnicode_IS_ASCII(args[1])) {
        PyErr_SetString(PyExc_TypeError, "met_indices(tuple of alternatives, normalised ASCII str)");
        return NULL;
    }
    PyObject *found = PyList_New(0);
    if (found == NULL)
        return NULL;
    for (Py_ssize_t index = 0; index < PyTuple_GET_SIZE(args[0]); index++) {
        PyObject *alternatives = PyTuple_GET_ITEM(args[0], index);
        int hit = alternatives == Py_None ? 1 : alternative_met(alternatives, args[1]);
        if (hit < 0)
            goto error;
        if (hit) {
            if (append_new(found, PyLong_FromSsize_t(index)) < 0)
                goto error;
        }
    }
    PyObject *result = PyList_AsTuple(found);
    Py_DECREF(found);
    return result;

error:
    Py_DECREF(found);
    return NULL;
}

static inline int
is_token_char(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* features._TOKEN.findall(text): [a-z0-9]+(?:[-'][a-z0-9]+)*|[!?]|[.,;:] (the caller has lower-cased the text). */
static PyObject *
tokens(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "tokens: text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), position = 0;
    PyObject *found = PyList_New(0);
    if (found == NULL)
        return NULL;
    while (position < length) {
        Py_UCS4 c = PyUnicode_READ(kind, data, position);
        Py_ssize_t start = position;
        if (is_token_char(c)) {
            position++;
            while (position < length && is_token_char(PyUnicode_READ(kind, data, position)))
                position++;
            /* (?:[-'][a-z0-9]+)*: a joiner counts only when a word character follows it */
            while (position + 1 < length) {
                Py_UCS4 joiner = PyUnicode_READ(kind, data, position);
                if ((joiner != '-' && joiner != '\'') || !is_token_char(PyUnicode_READ(kind, data, position + 1)))
                    break;
                position += 2;
                while (position < length && is_token_char(PyUnicode_READ(kind, data, position)))
                    position++;
            }
        }
        else if (c == '!' || c == '?' || c == '.' || c == ',' || c == ';' || c == ':')
            position++;
        else {
            position++;
            continue;
        }
        if (append_new(found, PyUnicode_Substring(text, start, position)) < 0) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}

/* 1 for an ASCII str, 0 for another str (the callers then leave the work to their Python code), -1 (TypeError,
 * naming `who`) for anything else. */
static int
ascii_str(PyObject *text, const char *who)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s: text must be a str", who);
        return -1;
    }
    return PyUnicode_IS_ASCII(text) ? 1 : 0;
}

/* triggers.normalise(text) for ASCII text (None for other text): lower case, each run of characters that are not
 * letters, digits or "_" one space, a space at each end ("  " for text without a word character). */
static PyObject *
normalise(PyObject *module, PyObject *text)
{
    int ascii = ascii_str(text, "normalise");
    if (ascii <= 0)
        return ascii < 0 ? NULL : Py_NewRef(Py_None);
    const unsigned char *data = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), size = 1;
    char small[1024];
    char *out = length + 2 <= (Py_ssize_t)sizeof(small) ? small : PyMem_Malloc(length + 2);
    if (out == NULL)
        return PyErr_NoMemory();
    out[0] = ' ';
    for (Py_ssize_t index = 0; index < length; index++) {
        unsigned char c = data[index];
        int word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c >= 'A' && c <= 'Z');
        if (word)
            out[size++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        else if (out[size - 1] != ' ')
            out[size++] = ' ';
    }
    if (size == 1)
        out[size++] = ' ';  /* f" {''} " */
    else if (out[size - 1] != ' ')
        out[size++] = ' ';
    PyObject *result = PyUnicode_FromStringAndSize(out, size);
    if (out != small)
        PyMem_Free(out);
    return result;
}

/* ---- VADER's per-word valences (scoring._Vader.polarity_scores' loop and _valence, for ASCII words) ---- */

typedef struct {
    PyObject **words, **lowered;
    double *valences;
    char *known;       /* the lowered word is in the lexicon */
    Py_ssize_t count;
    PyObject *boosters, *special_cases, *negators, *idiom_words;
    double n_scalar, c_incr;
    int cap_differential;
} Sentence;

static inline int
is_ascii_upper(PyObject *word)  /* str.isupper() of an ASCII str */
{
    const unsigned char *data = PyUnicode_1BYTE_DATA(word);
    int upper = 0;
    for (Py_ssize_t index = 0; index < PyUnicode_GET_LENGTH(word); index++) {
        if (data[index] >= 'a' && data[index] <= 'z')
            return 0;
        if (data[index] >= 'A' && data[index] <= 'Z')
            upper = 1;
    }
    return upper;
}

static inline int
equals(PyObject *word, const char *text)
{
    return PyUnicode_CompareWithASCIIString(word, text) == 0;
}

static int
is_negator(const Sentence *s, PyObject *word)  /* vaderSentiment.negated() of one word; -1 on error */
{
    int found = PySet_Contains(s->negators, word);
    if (found != 0)
        return found;
    return memmem(PyUnicode_1BYTE_DATA(word), PyUnicode_GET_LENGTH(word), "n't", 3) != NULL;
}

static int
negation_check(const Sentence *s, double *valence, int start, Py_ssize_t index)
{
    PyObject **lowered = s->lowered;
    int negated;
    if (start == 0) {
        negated = is_negator(s, lowered[index - 1]);
        if (negated < 0)
            return -1;
        if (negated)
            *valence = *valence * s->n_scalar;
    }
    else if (start == 1) {
        PyObject *before2 = lowered[index - 2], *before1 = lowered[index - 1];
        if (equals(before2, "never") && (equals(before1, "so") || equals(before1, "this")))
            *valence = *valence * 1.25;
        else if (equals(before2, "without") && equals(before1, "doubt"))
            ;
        else {
            negated = is_negator(s, before2);
            if (negated < 0)
                return -1;
            if (negated)
                *valence = *valence * s->n_scalar;
        }
    }
    else {
        PyObject *before3 = lowered[index - 3], *before2 = lowered[index - 2], *before1 = lowered[index - 1];
        if ((equals(before3, "never") && (equals(before2, "so") || equals(before2, "this")))
            || (equals(before1, "so") || equals(before1, "this")))
            *valence = *valence * 1.25;
        else if (equals(before3, "without") && (equals(before2, "doubt") || equals(before1, "doubt")))
            ;
        else {
            negated = is_negator(s, before3);
            if (negated < 0)
                return -1;
            if (negated)
                *valence = *valence * s->n_scalar;
        }
    }
    return 0;
}

/* The value of the words `parts` joined by spaces in `table` (1, *value set), absent (0), or -1 on error. */
static int
lookup_joined(PyObject *table, PyObject **parts, int count, double *value, int *integer)
{
    PyObject *joined = parts[0];
    Py_INCREF(joined);
    for (int index = 1; index < count; index++) {
        PyObject *longer = join_pair(joined, parts[index]);
        Py_DECREF(joined);
        if (longer == NULL)
            return -1;
        joined = longer;
    }
    PyObject *found = PyDict_GetItemWithError(table, joined);  /* borrowed */
    Py_DECREF(joined);
    if (found == NULL)
        return PyErr_Occurred() ? -1 : 0;
    *integer = PyLong_Check(found);  /* VADER's SPECIAL_CASES hold ints ("the shit": 3): the valence is then an int */
    *value = PyFloat_AsDouble(found);
    return *value == -1.0 && PyErr_Occurred() ? -1 : 1;
}

static int
special_idioms_check(const Sentence *s, double *valence, int *integer, Py_ssize_t index)
{
    PyObject **lowered = s->lowered;
    PyObject *before3 = lowered[index - 3], *before2 = lowered[index - 2], *before1 = lowered[index - 1];
    PyObject *word = lowered[index];
    int any = 0;
    PyObject *checked[3] = {before2, before1, word};
    for (int k = 0; k < 3 && !any; k++) {
        any = PySet_Contains(s->idiom_words, checked[k]);
        if (any < 0)
            return -1;
    }
    if (!any)
        return 0;  /* every sequence below holds one of these three words */
    PyObject *onezero[2] = {before1, word}, *twoonezero[3] = {before2, before1, word}, *twoone[2] = {before2, before1};
    PyObject *threetwoone[3] = {before3, before2, before1}, *threetwo[2] = {before3, before2};
    PyObject **sequences[5] = {onezero, twoonezero, twoone, threetwoone, threetwo};
    int sizes[5] = {2, 3, 2, 3, 2};
    double value;
    int value_integer;
    for (int k = 0; k < 5; k++) {
        int found = lookup_joined(s->special_cases, sequences[k], sizes[k], &value, &value_integer);
        if (found < 0)
            return -1;
        if (found) {
            *valence = value;
            *integer = value_integer;
            break;
        }
    }
    if (s->count - 1 > index) {
        PyObject *zeroone[2] = {word, lowered[index + 1]};
        int found = lookup_joined(s->special_cases, zeroone, 2, &value, &value_integer);
        if (found < 0)
            return -1;
        if (found) {
            *valence = value;
            *integer = value_integer;
        }
    }
    if (s->count - 1 > index + 1) {
        PyObject *zeroonetwo[3] = {word, lowered[index + 1], lowered[index + 2]};
        int found = lookup_joined(s->special_cases, zeroonetwo, 3, &value, &value_integer);
        if (found < 0)
            return -1;
        if (found) {
            *valence = value;
            *integer = value_integer;
        }
    }
    PyObject **boosted[3] = {threetwoone, threetwo, twoone};
    int boosted_sizes[3] = {3, 2, 2};
    for (int k = 0; k < 3; k++) {
        int found = lookup_joined(s->boosters, boosted[k], boosted_sizes[k], &value, &value_integer);
        if (found < 0)
            return -1;
        if (found) {
            *valence = *valence + value;
            *integer = *integer && value_integer;
        }
    }
    return 0;
}

static int
word_valence(const Sentence *s, Py_ssize_t index, double *result, int *integer)
{
    *integer = 0;
    PyObject **lowered = s->lowered;
    double base = s->valences[index], valence = base;
    if (equals(lowered[index], "no") && index != s->count - 1 && s->known[index + 1])
        valence = 0.0;
    if ((index > 0 && equals(lowered[index - 1], "no")) || (index > 1 && equals(lowered[index - 2], "no"))
        || (index > 2 && equals(lowered[index - 3], "no")
            && (equals(lowered[index - 1], "or") || equals(lowered[index - 1], "nor"))))
        valence = base * s->n_scalar;
    if (s->cap_differential && is_ascii_upper(s->words[index])) {
        if (valence > 0)
            valence += s->c_incr;
        else
            valence -= s->c_incr;
    }
    for (int start = 0; start < 3; start++) {
        Py_ssize_t before = index - start - 1;
        if (before < 0 || s->known[before])
            continue;
        double scalar = 0.0;
        PyObject *booster = PyDict_GetItemWithError(s->boosters, lowered[before]);  /* borrowed */
        if (booster == NULL && PyErr_Occurred())
            return -1;
        if (booster != NULL) {
            scalar = PyFloat_AsDouble(booster);
            if (scalar == -1.0 && PyErr_Occurred())
                return -1;
            if (valence < 0)
                scalar *= -1;
            if (s->cap_differential && is_ascii_upper(s->words[before])) {
                if (valence > 0)
                    scalar += s->c_incr;
                else
                    scalar -= s->c_incr;
            }
        }
        if (start == 1 && scalar != 0)
            scalar = scalar * 0.95;
        if (start == 2 && scalar != 0)
            scalar = scalar * 0.9;
        valence = valence + scalar;
        if (negation_check(s, &valence, start, index) < 0)
            return -1;
        if (start == 2 && special_idioms_check(s, &valence, integer, index) < 0)
            return -1;
    }
    /* _least_check */
    if (index > 1 && !s->known[index - 1] && equals(lowered[index - 1], "least")) {
        if (!equals(lowered[index - 2], "at") && !equals(lowered[index - 2], "very")) {
            valence = valence * s->n_scalar;
            *integer = 0;
        }
    }
    else if (index > 0 && !s->known[index - 1] && equals(lowered[index - 1], "least")) {
        valence = valence * s->n_scalar;
        *integer = 0;
    }
    *result = valence;
    return 0;
}

static PyObject *sentiments_of(Sentence *sentence, PyObject *lexicon);

/* vader_sentiments(words, lowered, cap_differential, lexicon, boosters, special_cases, negators, idiom_words,
 * n_scalar, c_incr) -> list: each word's valence (0 for a word that takes none), as scoring._Vader.polarity_scores'
 * loop; None when a word is not ASCII (the caller then runs its own code). */
static PyObject *
vader_sentiments(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 10 || !PyList_Check(args[0]) || !PyList_Check(args[1]) || !PyDict_Check(args[3])
        || !PyDict_Check(args[4]) || !PyDict_Check(args[5]) || !PyAnySet_Check(args[6])
        || !PyAnySet_Check(args[7]) || PyList_GET_SIZE(args[0]) != PyList_GET_SIZE(args[1])) {
        PyErr_SetString(PyExc_TypeError, "vader_sentiments(words, lowered, cap_differential, lexicon, boosters, "
                                         "special_cases, negators, idiom_words, n_scalar, c_incr)");
        return NULL;
    }
    Sentence s;
    s.count = PyList_GET_SIZE(args[0]);
    s.words = ((PyListObject *)args[0])->ob_item;
    s.lowered = ((PyListObject *)args[1])->ob_item;
    s.cap_differential = PyObject_IsTrue(args[2]);
    s.boosters = args[4];
    s.special_cases = args[5];
    s.negators = args[6];
    s.idiom_words = args[7];
    s.n_scalar = PyFloat_AsDouble(args[8]);
    s.c_incr = PyFloat_AsDouble(args[9]);
    if (s.cap_differential < 0 || PyErr_Occurred())
        return NULL;
    for (Py_ssize_t index = 0; index < s.count; index++) {
        if (!PyUnicode_Check(s.words[index]) || !PyUnicode_Check(s.lowered[index])) {
            PyErr_SetString(PyExc_TypeError, "vader_sentiments: every word must be a str");
            return NULL;
        }
        if (!PyUnicode_IS_ASCII(s.words[index]) || !PyUnicode_IS_ASCII(s.lowered[index]))
            Py_RETURN_NONE;
    }
    return sentiments_of(&s, args[3]);
}

/* The per-word valences of the ASCII words of `s` (its words, lowered words, count, tables and constants set), with
 * `lexicon`: vader_sentiments' list, or NULL (an exception set). */
static PyObject *
sentiments_of(Sentence *sentence, PyObject *lexicon)
{
    Sentence s = *sentence;
    PyObject *sentiments = PyList_New(s.count), *zero = PyLong_FromLong(0);
    s.valences = PyMem_Calloc(s.count ? s.count : 1, sizeof(double));
    s.known = PyMem_Calloc(s.count ? s.count : 1, 1);
    if (sentiments == NULL || zero == NULL || s.valences == NULL || s.known == NULL) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto error;
    }
    for (Py_ssize_t index = 0; index < s.count; index++) {
        Py_INCREF(zero);
        PyList_SET_ITEM(sentiments, index, zero);
        PyObject *value = PyDict_GetItemWithError(lexicon, s.lowered[index]);  /* borrowed */
        if (value == NULL) {
            if (PyErr_Occurred())
                goto error;
            continue;
        }
        s.valences[index] = PyFloat_AsDouble(value);
        if (s.valences[index] == -1.0 && PyErr_Occurred())
            goto error;
        s.known[index] = 1;
    }
    for (Py_ssize_t index = 0; index < s.count; index++) {
        if (!s.known[index])
            continue;
        PyObject *word = s.lowered[index];
        int booster = PyDict_Contains(s.boosters, word);
        if (booster < 0)
            goto error;
        if (booster || (equals(word, "kind") && index < s.count - 1 && equals(s.lowered[index + 1], "of")))
            continue;
        double valence;
        int integer;
        if (word_valence(&s, index, &valence, &integer) < 0)
            goto error;
        PyObject *number = integer ? PyLong_FromDouble(valence) : PyFloat_FromDouble(valence);
        if (number == NULL)
            goto error;
        PyList_SetItem(sentiments, index, number);  /* steals `number`, drops the 0 */
    }
    Py_DECREF(zero);
    PyMem_Free(s.valences);
    PyMem_Free(s.known);
    return sentiments;

error:
    Py_XDECREF(sentiments);
    Py_XDECREF(zero);
    PyMem_Free(s.valences);
    PyMem_Free(s.known);
    return NULL;
}

/* Python's str.split() white space, for ASCII. */
static inline int
is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* string.punctuation */
static inline int
is_punctuation(unsigned char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* scoring._Vader.words(text) for ASCII text (None for other text: the caller then runs its own code):
 * white-space tokens without leading and trailing punctuation, unless that leaves two characters or fewer. */
static PyObject *
vader_words(PyObject *module, PyObject *text)
{
    int ascii = ascii_str(text, "vader_words");
    if (ascii <= 0)
        return ascii < 0 ? NULL : Py_NewRef(Py_None);
    const unsigned char *data = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), position = 0;
    PyObject *words = PyList_New(0);
    if (words == NULL)
        return NULL;
    while (position < length) {
        while (position < length && is_space(data[position]))
            position++;
        if (position == length)
            break;
        Py_ssize_t start = position;
        while (position < length && !is_space(data[position]))
            position++;
        Py_ssize_t end = position, first = start, last = end;
        while (first < last && is_punctuation(data[first]))
            first++;
        while (last > first && is_punctuation(data[last - 1]))
            last--;
        if (last - first <= 2) {
            first = start;
            last = end;
        }
        if (append_new(words, PyUnicode_FromStringAndSize((const char *)data + first, last - first)) < 0) {
            Py_DECREF(words);
            return NULL;
        }
    }
    return words;
}

/* round(value, digits) as Python rounds a float (the exact binary value correctly rounded to `digits` decimals,
 * ties to even), a new float; `scale` is 10 ** digits. Python's round() goes through decimal strings (~0.5 us);
 * here value * scale is rounded to the nearest integer and divided back, which gives the same float whenever
 * the product is not within 1e-7 of a tie (the product's own rounding error is below 1e-9 for |value| < 1e3 and
 * scale 1e4, and the division of two exact integers is correctly rounded, as the string's conversion is); the rest
 * (a few values in 10^7, and every value outside that range, NaN and infinities) takes Python's round(). */
static PyObject *
rounded(double value, PyObject *digits, double scale)
{
    if (fabs(value) < 1e3) {
        double product = value * scale;
        double fraction = product - floor(product);
        if (fabs(fraction - 0.5) > 1e-7)
            return PyFloat_FromDouble(nearbyint(product) / scale);
    }
    PyObject *number = PyFloat_FromDouble(value);
    if (number == NULL)
        return NULL;
    PyObject *result = PyObject_CallMethodOneArg(number, ROUND_NAME, digits);
    Py_DECREF(number);
    return result;
}

static int valence_of(PyObject *sentiments, PyObject *text, PyObject **out);

/* vader_valence(sentiments, text) -> (neg, neu, pos, compound): scoring._Vader.score_valence's four rounded scores
 * (VADER's score_valence) of the per-word valences (ints and floats) and the text's "!" and "?". The valences'
 * sum is the builtin sum()'s, whatever this Python's sum() does with floats. */
static PyObject *
vader_valence(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyList_Check(args[0]) || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "vader_valence(sentiments: list, text: str)");
        return NULL;
    }
    PyObject *values[4];
    if (valence_of(args[0], args[1], values) < 0)
        return NULL;
    PyObject *result = PyTuple_New(4);
    for (int index = 0; index < 4; index++) {
        if (result == NULL)
            Py_DECREF(values[index]);
        else
            PyTuple_SET_ITEM(result, index, values[index]);  /* steals the reference */
    }
    return result;
}

/* vader_valence's four rounded scores (neg, neu, pos, compound) as new references in `out`: 0, or -1 (an exception
 * set, nothing in `out`). */
static int
valence_of(PyObject *sentiments, PyObject *text, PyObject **out)
{
    Py_ssize_t count = PyList_GET_SIZE(sentiments);
    double compound = 0.0, pos = 0.0, neg = 0.0, neu = 0.0;
    if (count) {
        PyObject *total_object = PyObject_CallOneArg(SUM, sentiments);
        if (total_object == NULL)
            return -1;
        double sum_s = PyFloat_AsDouble(total_object);
        Py_DECREF(total_object);
        if (sum_s == -1.0 && PyErr_Occurred())
            return -1;
        Py_ssize_t exclamations = PyUnicode_Count(text, EXCLAMATION, 0, PY_SSIZE_T_MAX);
        Py_ssize_t questions = PyUnicode_Count(text, QUESTION, 0, PY_SSIZE_T_MAX);
        if (exclamations < 0 || questions < 0)
            return -1;
        if (exclamations > 4)
            exclamations = 4;
        double amplifier = (double)exclamations * 0.292;
        if (questions > 1)
            amplifier += questions <= 3 ? (double)questions * 0.18 : 0.96;
        if (sum_s > 0)
            sum_s += amplifier;
        else if (sum_s < 0)
            sum_s -= amplifier;
        compound = sum_s / sqrt(sum_s * sum_s + 15.0);  /* vaderSentiment.normalize, alpha 15 */
        if (compound < -1.0)
            compound = -1.0;
        else if (compound > 1.0)
            compound = 1.0;
        double pos_sum = 0.0, neg_sum = 0.0;
        Py_ssize_t neu_count = 0;
        for (Py_ssize_t index = 0; index < count; index++) {
            double sentiment = PyFloat_AsDouble(PyList_GET_ITEM(sentiments, index));
            if (sentiment == -1.0 && PyErr_Occurred())
                return -1;
            if (sentiment > 0)
                pos_sum += sentiment + 1;
            else if (sentiment < 0)
                neg_sum += sentiment - 1;
            else
                neu_count++;
        }
        if (pos_sum > fabs(neg_sum))
            pos_sum += amplifier;
        else if (pos_sum < fabs(neg_sum))
            neg_sum -= amplifier;
        double total = pos_sum + fabs(neg_sum) + (double)neu_count;
        pos = fabs(pos_sum / total);
        neg = fabs(neg_sum / total);
        neu = fabs((double)neu_count / total);
    }
    double values[4] = {neg, neu, pos, compound};
    for (int index = 0; index < 4; index++) {
        out[index] = index == 3 ? rounded(values[index], FOUR, 1e4) : rounded(values[index], THREE, 1e3);
        if (out[index] == NULL) {
            for (int made = 0; made < index; made++)
                Py_DECREF(out[made]);
            return -1;
        }
    }
    return 0;
}

/* The lower case of `size` ASCII bytes, into `out`. */
static inline void
lower_into(char *out, const char *data, Py_ssize_t size)
{
    for (Py_ssize_t index = 0; index < size; index++)
        out[index] = (char)(data[index] >= 'A' && data[index] <= 'Z' ? data[index] + 32 : data[index]);
}

static inline int
is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* cue_tokens(text, acted_on, stem_prefixes) -> list of (start, token), for ASCII text (None for other text): the
 * aspects._WORD tokens of `text` that AspectMatcher.find acts on, each with its offset and as written: those whose
 * lower case is in `acted_on` (a set of str), starts with one of `stem_prefixes` (a tuple of str) or holds "-". */
static PyObject *
cue_tokens(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyAnySet_Check(args[1]) || !PyTuple_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "cue_tokens(text: str, acted_on: set, stem_prefixes: tuple)");
        return NULL;
    }
    int ascii = ascii_str(args[0], "cue_tokens");
    if (ascii <= 0)
        return ascii < 0 ? NULL : Py_NewRef(Py_None);
    PyObject *text = args[0], *acted_on = args[1], *prefixes = args[2];
    Py_ssize_t prefix_count = PyTuple_GET_SIZE(prefixes);
    for (Py_ssize_t index = 0; index < prefix_count; index++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(prefixes, index))) {
            PyErr_SetString(PyExc_TypeError, "cue_tokens: every stem prefix must be a str");
            return NULL;
        }
    }
    const unsigned char *data = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), position = 0;
    char small[64];
    PyObject *found = PyList_New(0);
    if (found == NULL)
        return NULL;
    while (position < length) {
        if (!is_ascii_alnum(data[position])) {
            position++;
            continue;
        }
        /* [^\W_]+(?:['-][^\W_]+)*: a joiner counts only when a letter or digit follows it */
        Py_ssize_t start = position;
        int hyphen = 0;
        while (position < length && is_ascii_alnum(data[position]))
            position++;
        while (position + 1 < length && (data[position] == '\'' || data[position] == '-')
               && is_ascii_alnum(data[position + 1])) {
            hyphen |= data[position] == '-';
            position += 2;
            while (position < length && is_ascii_alnum(data[position]))
                position++;
        }
        Py_ssize_t size = position - start;
        char *lowered = size <= (Py_ssize_t)sizeof(small) ? small : PyMem_Malloc(size);
        if (lowered == NULL) {
            Py_DECREF(found);
            return PyErr_NoMemory();
        }
        lower_into(lowered, (const char *)data + start, size);
        int wanted = hyphen;
        for (Py_ssize_t index = 0; !wanted && index < prefix_count; index++) {
            PyObject *prefix = PyTuple_GET_ITEM(prefixes, index);
            Py_ssize_t prefix_size = PyUnicode_GET_LENGTH(prefix);
            wanted = PyUnicode_IS_ASCII(prefix) && prefix_size <= size
                     && memcmp(PyUnicode_1BYTE_DATA(prefix), lowered, prefix_size) == 0;
        }
        if (!wanted) {
            PyObject *key = PyUnicode_FromStringAndSize(lowered, size);
            wanted = key == NULL ? -1 : PySet_Contains(acted_on, key);
            Py_XDECREF(key);
        }
        if (lowered != small)
            PyMem_Free(lowered);
        if (wanted < 0) {
            Py_DECREF(found);
            return NULL;
        }
        if (wanted && append_new(found, Py_BuildValue("(nN)", start, PyUnicode_Substring(text, start, position))) < 0) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}


/* ---- A span's margin on the batch path: scoring._score without evidence, in one call, for ASCII text ---- */

/* What span_margin reads, made once by span_context: the objects in span_context's argument order, then numbers. */
enum {
    LEXICON, BOOSTERS, SPECIAL_CASES, NEGATORS, IDIOM_WORDS,  /* VADER's tables (scoring._Vader) */
    CLOSERS, SCOPE_NEGATORS, OPENERS_EXEMPT,                   /* scoring._SCOPE_CLOSERS, _NEGATORS, _OPENERS_EXEMPT */
    OUTER_STRIP, INNER_STRIP, CLAUSE_ENDS,                     /* what _fix_negation_scope strips; its _CLAUSE_END */
    WORD_TABLE,                                                /* scoring._word_table's C table */
    SPAN_OBJECTS
};

typedef struct {
    PyObject *objects[SPAN_OBJECTS];
    Py_ssize_t longest[SPAN_OBJECTS];  /* of a set of words: its longest word's length (a longer one is not in it) */
    Table *table;  /* the WORD_TABLE capsule's */
    double n_scalar, c_incr, intercept, ngram_scale, dense[5];
    int word_weights;
} SpanContext;

#define SPAN_CONTEXT "analysis._speedups.SpanContext"

static void
span_context_free(PyObject *capsule)
{
    SpanContext *context = PyCapsule_GetPointer(capsule, SPAN_CONTEXT);
    if (context == NULL)
        return;
    for (int index = 0; index < SPAN_OBJECTS; index++)
        Py_XDECREF(context->objects[index]);
    PyMem_Free(context);
}

/* span_context(lexicon, boosters, special_cases, negators, idiom_words, closers, scope_negators, openers_exempt,
 * outer_strip, inner_strip, clause_ends, word_table, n_scalar, c_incr, intercept, ngram_scale, dense_weights,
 * word_weights) -> an opaque context for span_margin (see scoring._span_context). */
static PyObject *
span_context(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 18 || !PyDict_Check(args[0]) || !PyDict_Check(args[1]) || !PyDict_Check(args[2])
        || !PyAnySet_Check(args[3]) || !PyAnySet_Check(args[4]) || !PyAnySet_Check(args[5])
        || !PyAnySet_Check(args[6]) || !PyAnySet_Check(args[7]) || !PyUnicode_Check(args[8])
        || !PyUnicode_IS_ASCII(args[8]) || !PyUnicode_Check(args[9]) || !PyUnicode_IS_ASCII(args[9])
        || !PyTuple_Check(args[10]) || !PyTuple_Check(args[16]) || PyTuple_GET_SIZE(args[16]) != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "span_context(lexicon, boosters, special_cases, negators, idiom_words, closers, "
                        "scope_negators, openers_exempt, outer_strip, inner_strip, clause_ends, word_table, "
                        "n_scalar, c_incr, intercept, ngram_scale, dense_weights: 5 floats, word_weights)");
        return NULL;
    }
    for (Py_ssize_t index = 0; index < PyTuple_GET_SIZE(args[10]); index++) {
        PyObject *end = PyTuple_GET_ITEM(args[10], index);
        if (!PyUnicode_Check(end)) {
            PyErr_SetString(PyExc_TypeError, "span_context: every clause end must be a str");
            return NULL;
        }
    }
    Table *table = table_of(args[11]);
    if (table == NULL)
        return NULL;
    SpanContext *context = PyMem_Calloc(1, sizeof(SpanContext));
    if (context == NULL)
        return PyErr_NoMemory();
    context->table = table;
    double *numbers[4] = {&context->n_scalar, &context->c_incr, &context->intercept, &context->ngram_scale};
    for (int index = 0; index < 4; index++)
        *numbers[index] = PyFloat_AsDouble(args[12 + index]);
    for (int index = 0; index < 5; index++)
        context->dense[index] = PyFloat_AsDouble(PyTuple_GET_ITEM(args[16], index));
    context->word_weights = PyObject_IsTrue(args[17]);
    if (PyErr_Occurred() || context->word_weights < 0) {
        PyMem_Free(context);
        return NULL;
    }
    for (int index = 0; index < SPAN_OBJECTS; index++) {
        context->objects[index] = Py_NewRef(args[index]);
        context->longest[index] = PY_SSIZE_T_MAX;
    }
    int sets[3] = {CLOSERS, SCOPE_NEGATORS, OPENERS_EXEMPT};
    for (int index = 0; index < 3; index++) {
        Py_ssize_t longest = 0;
        PyObject *iterator = PyObject_GetIter(args[sets[index]]), *word;
        if (iterator == NULL)
            break;
        while ((word = PyIter_Next(iterator)) != NULL) {
            if (PyUnicode_Check(word) && PyUnicode_GET_LENGTH(word) > longest)
                longest = PyUnicode_GET_LENGTH(word);
            else if (!PyUnicode_Check(word))
                longest = PY_SSIZE_T_MAX;  /* never skip the lookup of a set holding something else */
            Py_DECREF(word);
        }
        Py_DECREF(iterator);
        context->longest[sets[index]] = longest;
    }
    if (PyErr_Occurred()) {
        for (int index = 0; index < SPAN_OBJECTS; index++)
            Py_DECREF(context->objects[index]);
        PyMem_Free(context);
        return NULL;
    }
    PyObject *capsule = PyCapsule_New(context, SPAN_CONTEXT, span_context_free);
    if (capsule == NULL) {
        for (int index = 0; index < SPAN_OBJECTS; index++)
            Py_DECREF(context->objects[index]);
        PyMem_Free(context);
    }
    return capsule;
}

/* [*first, *last) of `data` without the characters of the ASCII str `chars` at either end (str.strip(chars)). */
static inline void
strip_chars(const char *data, Py_ssize_t *first, Py_ssize_t *last, PyObject *chars)
{
    const char *set = (const char *)PyUnicode_1BYTE_DATA(chars);
    size_t size = (size_t)PyUnicode_GET_LENGTH(chars);
    while (*first < *last && memchr(set, data[*first], size) != NULL)
        (*first)++;
    while (*last > *first && memchr(set, data[*last - 1], size) != NULL)
        (*last)--;
}

/* Whether the `size` bytes at `data` end with one of the str of the tuple `ends`. */
static int
ends_with_any(const char *data, Py_ssize_t size, PyObject *ends)
{
    for (Py_ssize_t index = 0; index < PyTuple_GET_SIZE(ends); index++) {
        PyObject *end = PyTuple_GET_ITEM(ends, index);
        Py_ssize_t end_size = PyUnicode_GET_LENGTH(end);
        if (PyUnicode_IS_ASCII(end) && end_size <= size
            && memcmp(data + size - end_size, PyUnicode_1BYTE_DATA(end), end_size) == 0)
            return 1;
    }
    return 0;
}

/* Whether the `size` bytes at `data`, as a str, are in the set of words objects[`which`] of `c`; -1 on error. */
static int
bytes_in(const SpanContext *c, int which, const char *data, Py_ssize_t size)
{
    if (size > c->longest[which])
        return 0;
    PyObject *key = PyUnicode_FromStringAndSize(data, size);
    if (key == NULL)
        return -1;
    int found = PySet_Contains(c->objects[which], key);
    Py_DECREF(key);
    return found;
}

/* Grow the two offset arrays of negation_scope_fixed (their first `*capacity` held in `small` arrays or made here). */
static int
grow_offsets(Py_ssize_t **starts, Py_ssize_t **ends, Py_ssize_t *capacity, const Py_ssize_t *small_starts)
{
    Py_ssize_t size = *capacity * (Py_ssize_t)sizeof(Py_ssize_t);
    Py_ssize_t *more_starts = PyMem_Malloc(2 * size), *more_ends = PyMem_Malloc(2 * size);
    if (more_starts == NULL || more_ends == NULL) {
        PyMem_Free(more_starts);
        PyMem_Free(more_ends);
        PyErr_NoMemory();
        return -1;
    }
    memcpy(more_starts, *starts, size);
    memcpy(more_ends, *ends, size);
    if (*starts != small_starts) {
        PyMem_Free(*starts);
        PyMem_Free(*ends);
    }
    *starts = more_starts;
    *ends = more_ends;
    *capacity *= 2;
    return 0;
}

/* scoring._fix_negation_scope of the ASCII text `text` (VADER's stripped text) and its valences: a new list, or
 * None (a new reference) when nothing changes, or NULL (an exception set). */
static PyObject *
negation_scope_fixed(const SpanContext *c, PyObject *text, PyObject *sentiments)
{
    const char *data = (const char *)PyUnicode_1BYTE_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), count = PyList_GET_SIZE(sentiments), position = 0, found = 0;
    Py_ssize_t small_starts[64], small_ends[64], *starts = small_starts, *ends = small_ends, capacity = 64;
    PyObject *fixed = NULL, *result = NULL;
    char small[256], *lowered = NULL;
    while (position < length) {  /* text.split() */
        while (position < length && is_space((unsigned char)data[position]))
            position++;
        if (position == length)
            break;
        if (found == capacity && grow_offsets(&starts, &ends, &capacity, small_starts) < 0)
            goto done;
        starts[found] = position;
        while (position < length && !is_space((unsigned char)data[position]))
            position++;
        ends[found++] = position;
    }
    if (found != count) {  /* cannot happen (VADER keeps one valence per token); never guess an alignment */
        result = Py_NewRef(Py_None);
        goto done;
    }
    lowered = length <= (Py_ssize_t)sizeof(small) ? small : PyMem_Malloc(length ? length : 1);
    if (lowered == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    lower_into(lowered, data, length);  /* every token's lower case, at its own offsets */
    int in_scope = 0;
    for (Py_ssize_t index = 0; index < count; index++) {
        Py_ssize_t first = starts[index], last = ends[index];
        strip_chars(lowered, &first, &last, c->objects[OUTER_STRIP]);
        int closer = bytes_in(c, CLOSERS, lowered + first, last - first);
        if (closer < 0)
            goto done;
        if (closer) {
            in_scope = 0;
            continue;
        }
        double valence = PyFloat_AsDouble(PyList_GET_ITEM(sentiments, index));
        if (valence == -1.0 && PyErr_Occurred())
            goto done;
        strip_chars(lowered, &first, &last, c->objects[INNER_STRIP]);  /* the word */
        if (in_scope && valence != 0.0) {
            PyObject *word = PyUnicode_FromStringAndSize(lowered + first, last - first);
            if (word == NULL)
                goto done;
            PyObject *value = PyDict_GetItemWithError(c->objects[LEXICON], word);  /* borrowed */
            Py_DECREF(word);
            double base = 0.0;
            if (value == NULL && PyErr_Occurred())
                goto done;
            if (value != NULL && (base = PyFloat_AsDouble(value)) == -1.0 && PyErr_Occurred())
                goto done;
            if (base != 0.0 && (base > 0) == (valence > 0)) {
                if (fixed == NULL && (fixed = PyList_GetSlice(sentiments, 0, count)) == NULL)
                    goto done;
                PyObject *negated = PyFloat_FromDouble(valence * c->n_scalar);
                if (negated == NULL)
                    goto done;
                PyList_SetItem(fixed, index, negated);  /* steals `negated`, drops the old valence */
            }
        }
        int negator = bytes_in(c, SCOPE_NEGATORS, lowered + first, last - first);
        if (negator < 0)
            goto done;
        negator = negator || (last - first >= 3 && memcmp(lowered + last - 3, "n't", 3) == 0);
        if (negator && index + 1 < count) {  /* not before "only", "just", ...: the next token's lower case */
            int exempt = bytes_in(c, OPENERS_EXEMPT, lowered + starts[index + 1], ends[index + 1] - starts[index + 1]);
            if (exempt < 0)
                goto done;
            negator = !exempt;
        }
        if (negator)
            in_scope = 1;
        if (ends_with_any(data + starts[index], ends[index] - starts[index], c->objects[CLAUSE_ENDS]))
            in_scope = 0;
    }
    result = fixed == NULL ? Py_NewRef(Py_None) : Py_NewRef(fixed);
done:
    Py_XDECREF(fixed);
    if (lowered != small)
        PyMem_Free(lowered);
    if (starts != small_starts) {
        PyMem_Free(starts);
        PyMem_Free(ends);
    }
    return result;
}

/* VADER's "but" rule in place on the valences (scoring._Vader._but_check: each valence's position found by value,
 * as list.index finds it): 0, or -1 (an exception set). */
static int
but_rule(PyObject *sentiments, Py_ssize_t but)
{
    Py_ssize_t count = PyList_GET_SIZE(sentiments);
    for (Py_ssize_t position = 0; position < count; position++) {
        double sentiment = PyFloat_AsDouble(PyList_GET_ITEM(sentiments, position));
        if (sentiment == -1.0 && PyErr_Occurred())
            return -1;
        Py_ssize_t found = 0;
        for (; found < count; found++) {
            double other = PyFloat_AsDouble(PyList_GET_ITEM(sentiments, found));
            if (other == -1.0 && PyErr_Occurred())
                return -1;
            if (other == sentiment)
                break;
        }
        if (found == but)
            continue;
        PyObject *scaled = PyFloat_FromDouble(sentiment * (found < but ? 0.5 : 1.5));
        if (scaled == NULL)
            return -1;
        PyList_SetItem(sentiments, found, scaled);  /* steals `scaled` */
    }
    return 0;
}

/* The lower case of each ASCII str of `words`, a new list; with the number of them that are all capitals
 * (str.isupper). */
static PyObject *
lowered_words(PyObject *words, Py_ssize_t *capitals)
{
    Py_ssize_t count = PyList_GET_SIZE(words);
    PyObject *lowered = PyList_New(count);
    if (lowered == NULL)
        return NULL;
    *capitals = 0;
    for (Py_ssize_t index = 0; index < count; index++) {
        PyObject *word = PyList_GET_ITEM(words, index);
        Py_ssize_t size = PyUnicode_GET_LENGTH(word);
        *capitals += is_ascii_upper(word);
        PyObject *lower = PyUnicode_New(size, 127);
        if (lower == NULL) {
            Py_DECREF(lowered);
            return NULL;
        }
        lower_into((char *)PyUnicode_1BYTE_DATA(lower), (const char *)PyUnicode_1BYTE_DATA(word), size);
        PyList_SET_ITEM(lowered, index, lower);
    }
    return lowered;
}

/* span_margin(context, text, words, count, ngram_sum) -> (margin, compound, learned_part) | None: for ASCII text
 * and words, what scoring._score computes without evidence before its rules: VADER's scores of the text (the film
 * layer, the "but" rule), the word table's sums of `words` (the span's unigrams), the negation scope fixed where a
 * word is negated, and the sentiment model's margin (learned.LinearModel.margin_of) of them with `count` features
 * whose weights sum to `ngram_sum`; VADER's own compound; and the margin's learned part (LinearModel.learned_part).
 * None when the text or a word is not ASCII (the caller then runs its own code). */
static PyObject *
span_margin(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5 || !PyUnicode_Check(args[1]) || !PyList_Check(args[2]) || !PyLong_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "span_margin(context, text: str, words: list[str], count: int, ngram_sum)");
        return NULL;
    }
    SpanContext *c = PyCapsule_IsValid(args[0], SPAN_CONTEXT) ? PyCapsule_GetPointer(args[0], SPAN_CONTEXT) : NULL;
    if (c == NULL) {
        PyErr_SetString(PyExc_TypeError, "span_margin: the context must come from span_context()");
        return NULL;
    }
    Py_ssize_t count = PyLong_AsSsize_t(args[3]);
    double ngram_sum = PyFloat_AsDouble(args[4]);
    if (PyErr_Occurred())
        return NULL;
    if (!PyUnicode_IS_ASCII(args[1]))
        Py_RETURN_NONE;
    double first_sum, positive, negative;
    Py_ssize_t first_count, second_count;
    int known = word_sums_of(c->table, args[2], &first_sum, &first_count, &positive, &negative, &second_count);
    if (known <= 0)
        return known < 0 ? NULL : Py_NewRef(Py_None);
    const char *data = (const char *)PyUnicode_1BYTE_DATA(args[1]);
    Py_ssize_t start = 0, end = PyUnicode_GET_LENGTH(args[1]);
    while (start < end && is_space((unsigned char)data[start]))
        start++;
    while (end > start && is_space((unsigned char)data[end - 1]))
        end--;
    PyObject *text = PyUnicode_Substring(args[1], start, end), *words = NULL, *lowered = NULL, *sentiments = NULL;
    PyObject *fixed = NULL, *raw[4] = {NULL}, *scores[4] = {NULL}, *result = NULL;
    if (text == NULL || (words = vader_words(module, text)) == NULL)
        goto done;
    Sentence s;
    s.count = PyList_GET_SIZE(words);
    s.cap_differential = 0;
    int capitals_in_text = 0;
    for (Py_ssize_t index = start; index < end && !capitals_in_text; index++)
        capitals_in_text = data[index] >= 'A' && data[index] <= 'Z';
    if (!capitals_in_text)
        lowered = Py_NewRef(words);  /* lower-cased text: the words are their lower case */
    else {
        Py_ssize_t capitals;
        if ((lowered = lowered_words(words, &capitals)) == NULL)
            goto done;
        s.cap_differential = 0 < s.count - capitals && s.count - capitals < s.count;
    }
    s.words = ((PyListObject *)words)->ob_item;
    s.lowered = ((PyListObject *)lowered)->ob_item;
    s.boosters = c->objects[BOOSTERS];
    s.special_cases = c->objects[SPECIAL_CASES];
    s.negators = c->objects[NEGATORS];
    s.idiom_words = c->objects[IDIOM_WORDS];
    s.n_scalar = c->n_scalar;
    s.c_incr = c->c_incr;
    if ((sentiments = sentiments_of(&s, c->objects[LEXICON])) == NULL)
        goto done;
    for (Py_ssize_t index = 0; index < s.count; index++) {
        if (equals(s.lowered[index], "but")) {
            if (but_rule(sentiments, index) < 0)
                goto done;
            break;
        }
    }
    if (valence_of(sentiments, text, raw) < 0)
        goto done;
    PyObject **dense = raw;  /* neg, neu, pos, compound of the valences the model reads */
    if (second_count > 0) {  /* some sentiment word sits in a negation's scope */
        if ((fixed = negation_scope_fixed(c, text, sentiments)) == NULL)
            goto done;
        if (fixed != Py_None) {
            if (valence_of(fixed, text, scores) < 0)
                goto done;
            dense = scores;
        }
    }
    /* learned.LinearModel.margin_of: the intercept, the learned part, then the dense features in _dense's order */
    double factor = c->ngram_scale != 0.0 && count != 0 ? c->ngram_scale / sqrt((double)count) : 1.0;
    double part = ngram_sum * factor;
    if (c->word_weights && first_count)
        part += first_sum / sqrt((double)first_count);
    double margin = c->intercept + part;
    double values[5] = {PyFloat_AS_DOUBLE(dense[3]), PyFloat_AS_DOUBLE(dense[2]), PyFloat_AS_DOUBLE(dense[0]),
                        positive, negative};
    for (int index = 0; index < 5; index++)
        margin += c->dense[index] * values[index];
    result = Py_BuildValue("(ddd)", margin, PyFloat_AS_DOUBLE(raw[3]), part);
done:
    for (int index = 0; index < 4; index++) {
        Py_XDECREF(raw[index]);
        Py_XDECREF(scores[index]);
    }
    Py_XDECREF(fixed);
    Py_XDECREF(sentiments);
    Py_XDECREF(lowered);
    Py_XDECREF(words);
    Py_XDECREF(text);
    return result;
}

static PyMethodDef methods[] = {
    {"ngrams", (PyCFunction)(void (*)(void))ngrams, METH_FASTCALL,
     "ngrams(tokens, scope_end, negators): features.ngrams(tokens)."},
    {"weight_table", (PyCFunction)(void (*)(void))weight_table, METH_FASTCALL,
     "weight_table(first, second, second_unmarked): two models' weights (dicts of str -> float) as one table of "
     "complex weights."},
    {"sums", (PyCFunction)(void (*)(void))sums, METH_FASTCALL,
     "sums(features, table): the sum of the features' complex weights, in order (None for a non-ASCII feature)."},
    {"features", (PyCFunction)(void (*)(void))features, METH_FASTCALL,
     "features(tokens, scope_end, negators, table): (count, weight sums, unigrams) of features.ngrams(tokens)."},
    {"met", (PyCFunction)(void (*)(void))met, METH_FASTCALL,
     "met(alternatives, normalised): triggers.Triggers.may_match's test of normalised text."},
    {"met_indices", (PyCFunction)(void (*)(void))met_indices, METH_FASTCALL,
     "met_indices(alternatives per pattern, normalised): the indices of the patterns whose test is met."},
    {"tokens", tokens, METH_O, "tokens(text): features._TOKEN.findall(text) of lower-cased text."},
    {"word_sums", (PyCFunction)(void (*)(void))word_sums, METH_FASTCALL,
     "word_sums(words, table): features.WeightTable.word_sums (None for a non-ASCII word)."},
    {"normalise", normalise, METH_O, "normalise(text): triggers.normalise for ASCII text, else None."},
    {"vader_sentiments", (PyCFunction)(void (*)(void))vader_sentiments, METH_FASTCALL,
     "vader_sentiments(words, lowered, ...): scoring._Vader.polarity_scores' per-word valences (ASCII words)."},
    {"vader_words", vader_words, METH_O, "vader_words(text): scoring._Vader.words for ASCII text, else None."},
    {"cue_tokens", (PyCFunction)(void (*)(void))cue_tokens, METH_FASTCALL,
     "cue_tokens(text, acted_on, stem_prefixes): the (start, token) pairs AspectMatcher.find acts on (ASCII)."},
    {"vader_valence", (PyCFunction)(void (*)(void))vader_valence, METH_FASTCALL,
     "vader_valence(sentiments, text): scoring._Vader.score_valence's (neg, neu, pos, compound)."},
    {"span_context", (PyCFunction)(void (*)(void))span_context, METH_FASTCALL,
     "span_context(lexicon, boosters, ..., word_weights): the tables and weights span_margin reads."},
    {"span_margin", (PyCFunction)(void (*)(void))span_margin, METH_FASTCALL,
     "span_margin(context, text, words, count, ngram_sum): scoring._score's margin without evidence (ASCII)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_speedups", "C versions of the batch path's per-token loops.", -1, methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    NOT_PREFIX = PyUnicode_InternFromString("not_");
    NT_SUFFIX = PyUnicode_InternFromString("n't");
    ROUND_NAME = PyUnicode_InternFromString("__round__");
    EXCLAMATION = PyUnicode_InternFromString("!");
    QUESTION = PyUnicode_InternFromString("?");
    THREE = PyLong_FromLong(3);
    FOUR = PyLong_FromLong(4);
    PyObject *builtins = PyEval_GetBuiltins();  /* borrowed */
    SUM = builtins == NULL ? NULL : PyDict_GetItemString(builtins, "sum");  /* borrowed */
    Py_XINCREF(SUM);
    if (NOT_PREFIX == NULL || NT_SUFFIX == NULL || ROUND_NAME == NULL || EXCLAMATION == NULL || QUESTION == NULL
        || THREE == NULL || FOUR == NULL || SUM == NULL)
        return NULL;
    PyObject *module = PyModule_Create(&module_def);
    /* analysis/speedups.py's API: bump both when a function's arguments or results change */
    if (module != NULL && PyModule_AddIntConstant(module, "API", 4) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
