"""Exports of an inspection: the Word report skeleton and the data workbook. Qt-free."""
