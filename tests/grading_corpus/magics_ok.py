# base: solved
# expect: q1=1 q2=2
# %% top
%matplotlib inline
!pip install nothing
