// 我的反馈: the user's tickets, their timeline and replies (fankui-tracker).
Component({});
