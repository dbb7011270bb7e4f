// 我的: a profile page whose list of cells ends with 反馈与投诉 (fankui-entry).
Component({});
