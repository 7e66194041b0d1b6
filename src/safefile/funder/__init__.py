"""What a VOCA- or FVPSA-funded program reports: intake answers that count without naming,
anonymous contacts, shelter stays and unmet requests, survey counts, service types mapped
to the PMT's categories.  Nothing here leaves the vault except as counts (reports/funder.py).
"""
