/* The validation fast path's text check, in C: is a submission already what cleaning would return?
 *
 * `already_clean(value, table)` is True when cleaning (eformkit/schema/validation.py `_clean`) would give
 * `value` back unchanged: every string (keys too) is not blank and made of NFC-stable characters, no
 * object member is null, numbers are finite (integers within 2**53 - 1), nesting stays within cleaning's
 * limit, and there is nothing JSON cannot carry. False means "not proven": the full pipeline decides. So this may be stricter than
 * cleaning (exact types only, no code point beyond the BMP), never looser.
 *
 * `table` is eformkit.text.nfc_stable_table(): one bit per BMP code point, set for a starter that NFC
 * leaves alone and that composes with nothing before it. Code points below U+0300 all qualify (the table's
 * test checks it), so one-byte strings need no scan and two-byte strings look up only the rarer ones.
 * The equivalent jsonschema-rs pattern scans about 1.5 ns a byte; this scans a fraction of that.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

#define MAX_DEPTH 32 /* validation._MAX_DEPTH: the deepest container cleaning accepts */
#define TABLE_SIZE 8192 /* 65536 bits */
#define MAX_EXACT_INTEGER 9007199254740991LL /* validation._MAX_INT: 2**53 - 1 */

/* Before 3.12 a string made by the old C API may still need its compact form. */
#if PY_VERSION_HEX < 0x030C0000
#define TEXT_READY(text) (PyUnicode_READY(text) == 0 || (PyErr_Clear(), 0))
#else
#define TEXT_READY(text) 1
#endif

static int text_is_clean(PyObject *text, const unsigned char *table) {
    if (!TEXT_READY(text)) {
        return 0;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n == 0) {
        return 0; /* "" is a blank: cleaning drops it */
    }
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: { /* ASCII and Latin-1: all below U+0300; usually the first is not a space */
        const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(text);
        for (Py_ssize_t i = 0; i < n; i++) {
            if (!Py_UNICODE_ISSPACE(chars[i])) {
                return 1;
            }
        }
        return 0; /* only white space (str.isspace): a blank, cleaning drops it */
    }
    case PyUnicode_2BYTE_KIND: {
        const Py_UCS2 *chars = PyUnicode_2BYTE_DATA(text);
        int blank = 1;
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS2 c = chars[i];
            if (c >= 0x300 && !(table[c >> 3] & (1u << (c & 7)))) {
                return 0;
            }
            blank = blank && Py_UNICODE_ISSPACE(c);
        }
        return !blank;
    }
    default: /* beyond the BMP (or a lone surrogate's wide form): not proven */
        return 0;
    }
}

static int value_is_clean(PyObject *value, const unsigned char *table, int depth) {
    PyTypeObject *type = Py_TYPE(value);
    if (type == &PyUnicode_Type) {
        return text_is_clean(value, table);
    }
    if (depth > MAX_DEPTH) {
        return 0;
    }
    if (type == &PyDict_Type) {
        Py_ssize_t pos = 0;
        PyObject *key, *member;
        while (PyDict_Next(value, &pos, &key, &member)) {
            if (Py_TYPE(key) != &PyUnicode_Type || !text_is_clean(key, table) || member == Py_None ||
                !value_is_clean(member, table, depth + 1)) {
                return 0;
            }
        }
        return 1;
    }
    if (type == &PyList_Type) {
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(value); i++) {
            PyObject *item = PyList_GET_ITEM(value, i);
            if (Py_TYPE(item) == &PyUnicode_Type && PyUnicode_GET_LENGTH(item) == 0) {
                continue; /* cleaning keeps "" in a list */
            }
            if (item != Py_None && !value_is_clean(item, table, depth + 1)) {
                return 0;
            }
        }
        return 1;
    }
    if (type == &PyBool_Type) {
        return 1;
    }
    if (type == &PyLong_Type) { /* cleaning refuses integers beyond the exact range, as JSON readers lose them */
        int overflow = 0;
        long long number = PyLong_AsLongLongAndOverflow(value, &overflow);
        return !overflow && number >= -MAX_EXACT_INTEGER && number <= MAX_EXACT_INTEGER;
    }
    if (type == &PyFloat_Type) {
        return isfinite(PyFloat_AS_DOUBLE(value));
    }
    return 0;
}

static PyObject *already_clean(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyBytes_CheckExact(args[1]) || PyBytes_GET_SIZE(args[1]) != TABLE_SIZE) {
        PyErr_SetString(PyExc_TypeError, "already_clean(value, table): table is 8192 bytes");
        return NULL;
    }
    const unsigned char *table = (const unsigned char *)PyBytes_AS_STRING(args[1]);
    return PyBool_FromLong(value_is_clean(args[0], table, 0));
}

static PyMethodDef methods[] = {
    {"already_clean", (PyCFunction)(void (*)(void))already_clean, METH_FASTCALL,
     "already_clean(value, table) -> bool: cleaning would return value unchanged."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "eformkit.schema._already_clean",
    .m_doc = "The fast path's text check, in C.",
    .m_size = 0,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__already_clean(void) { return PyModuleDef_Init(&module); }
