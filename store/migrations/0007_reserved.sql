-- 0007: reserved for another branch's migration (wave 2). This file only
-- keeps the versions contiguous until that branch is merged: the merge
-- replaces it with the real 0007 and keeps 0008 after it.
SELECT 1;
