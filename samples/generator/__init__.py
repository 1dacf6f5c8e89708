"""Generator of Vietnamese administrative sample scans with ground truth (text per page, metadata).

Documents follow the Decree 30/2020/NĐ-CP layout and the usual one-stop-shop result forms; the
degradations imitate office scanners, phones and fax. Used for the committed samples, the tests
and the benchmarks (larger sets on demand, another seed for held-out evaluation).
"""
