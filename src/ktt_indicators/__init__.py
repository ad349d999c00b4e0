"""ktt: progress of Vietnam's collective economy against plan targets.

The library reads census workbooks (:mod:`.census`), validates them into
organization records and findings, evaluates the indicators a targets file
defines (:mod:`.targets`, :mod:`.indicators`) and measures progress against
each target (:mod:`.progress`). It returns data and never prints; the command
line (:mod:`.cli`) renders it.
"""

__version__ = "0.1.0"
